package dev.nonstop.spring.boot.web;

import dev.nonstop.app.InFlight;
import dev.nonstop.app.NonstopApp;
import dev.nonstop.app.NonstopEndpoints;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.springframework.core.Ordered;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * The first {@code WebFilter} of a WebFlux app: answers the contract paths itself and counts every
 * other exchange as in flight until its handling completes, fails or is cancelled (the client went
 * away).
 */
public final class NonstopWebFilter implements WebFilter, Ordered {

    public static final int ORDER = Ordered.HIGHEST_PRECEDENCE;

    private final NonstopApp app;

    public NonstopWebFilter(NonstopApp app) {
        this.app = app;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        ServerHttpRequest request = exchange.getRequest();
        String path = request.getPath().pathWithinApplication().value();
        if (NonstopEndpoints.isContractPath(path)) {
            Optional<NonstopEndpoints.Response> answer = app.endpoints()
                    .handle(
                            request.getMethod().name(),
                            path,
                            request.getHeaders().getFirst("Authorization"));
            if (answer.isPresent()) {
                return write(exchange.getResponse(), answer.get());
            }
        }
        InFlight inFlight = app.inFlight();
        return Mono.defer(() -> {
            inFlight.enter();
            AtomicBoolean done = new AtomicBoolean();
            return chain.filter(exchange).doFinally(signal -> {
                if (done.compareAndSet(false, true)) {
                    inFlight.exit();
                }
            });
        });
    }

    private static Mono<Void> write(ServerHttpResponse response, NonstopEndpoints.Response answer) {
        response.setStatusCode(HttpStatus.valueOf(answer.status()));
        answer.headers().forEach(response.getHeaders()::set);
        response.getHeaders().setContentType(MediaType.APPLICATION_JSON);
        DataBuffer body = response.bufferFactory().wrap(answer.body().getBytes(StandardCharsets.UTF_8));
        return response.writeWith(Mono.just(body));
    }

    @Override
    public int getOrder() {
        return ORDER;
    }
}
