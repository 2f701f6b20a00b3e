package dev.nonstop.sample.http;

import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;

/**
 * Adds {@code X-Instance-Id} and {@code X-App-Version} to every response, so that a client can
 * tell which instance and version answered, and {@code Cache-Control: no-store}.
 */
public final class InstanceHeadersFilter extends Filter {

    private final String instanceId;
    private final String version;

    public InstanceHeadersFilter(String instanceId, String version) {
        this.instanceId = instanceId;
        this.version = version;
    }

    @Override
    public void doFilter(HttpExchange exchange, Chain chain) throws IOException {
        exchange.getResponseHeaders().set("X-Instance-Id", instanceId);
        exchange.getResponseHeaders().set("X-App-Version", version);
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        chain.doFilter(exchange);
    }

    @Override
    public String description() {
        return "adds X-Instance-Id and X-App-Version";
    }
}
