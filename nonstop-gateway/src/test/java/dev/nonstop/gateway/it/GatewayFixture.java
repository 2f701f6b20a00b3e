package dev.nonstop.gateway.it;

import dev.nonstop.gateway.Gateway;
import dev.nonstop.gateway.GatewaySettings;
import dev.nonstop.gateway.contract.App;
import dev.nonstop.gateway.contract.Member;
import dev.nonstop.gateway.contract.Route;
import dev.nonstop.gateway.contract.RoutingTable;
import dev.nonstop.testing.upstream.TestUpstream;
import dev.nonstop.testing.upstream.TestUpstreamOptions;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/** In-JVM upstreams behind a real gateway on loopback, for functional tests of the proxy. */
final class GatewayFixture implements AutoCloseable {
    final List<TestUpstream> upstreams = new ArrayList<>();
    final Gateway gateway;
    final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    GatewayFixture(int upstreamCount, UnaryOperator<App> app, UnaryOperator<GatewaySettings.Builder> settings) {
        List<Member> members = new ArrayList<>();
        for (int i = 1; i <= upstreamCount; i++) {
            TestUpstream upstream = TestUpstream.start(TestUpstreamOptions.builder()
                    .host("127.0.0.1")
                    .port(0)
                    .id("m" + i)
                    .printRequestIds(false)
                    .build());
            upstreams.add(upstream);
            members.add(Member.active("m" + i, "127.0.0.1", upstream.port()));
        }
        RoutingTable table = new RoutingTable(
                1, List.of(Route.any("app")), List.of(app.apply(App.of("app", members.toArray(Member[]::new)))));
        gateway = Gateway.start(
                settings.apply(GatewaySettings.builder().listen("127.0.0.1", 0).eventLoops(2))
                        .build(),
                table);
    }

    GatewayFixture(int upstreamCount) {
        this(upstreamCount, a -> a, s -> s);
    }

    URI uri(String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + gateway.address().getPort() + pathAndQuery);
    }

    HttpResponse<String> get(String pathAndQuery, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(pathAndQuery)).timeout(Duration.ofSeconds(10));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    TestUpstream upstream(String id) {
        return upstreams.stream().filter(u -> u.id().equals(id)).findFirst().orElseThrow();
    }

    @Override
    public void close() {
        gateway.shutdownGracefully(Duration.ofSeconds(2));
        upstreams.forEach(TestUpstream::close);
        http.shutdownNow();
    }
}
