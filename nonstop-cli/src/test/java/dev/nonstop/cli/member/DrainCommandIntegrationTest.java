package dev.nonstop.cli.member;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.nonstop.cli.NonstopCommand;
import dev.nonstop.common.token.BearerToken;
import dev.nonstop.gateway.Gateway;
import dev.nonstop.gateway.GatewaySettings;
import dev.nonstop.gateway.admin.AdminServer;
import dev.nonstop.gateway.contract.App;
import dev.nonstop.gateway.contract.Member;
import dev.nonstop.gateway.contract.MemberState;
import dev.nonstop.gateway.contract.Route;
import dev.nonstop.gateway.contract.RoutingTable;
import dev.nonstop.testing.upstream.TestUpstream;
import dev.nonstop.testing.upstream.TestUpstreamOptions;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

@Timeout(60)
class DrainCommandIntegrationTest {
    private static final String TOKEN = "drain-test-token-0123456789";

    @TempDir
    Path dir;

    private TestUpstream upstream;
    private Gateway gateway;
    private AdminServer admin;
    private Path tokenFile;
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeEach
    void start() throws Exception {
        upstream = TestUpstream.start(TestUpstreamOptions.builder()
                .host("127.0.0.1")
                .port(0)
                .id("shop-1")
                .printRequestIds(false)
                .build());
        gateway = Gateway.start(
                GatewaySettings.builder().listen("127.0.0.1", 0).eventLoops(1).build(),
                new RoutingTable(
                        1,
                        List.of(Route.any("shop")),
                        List.of(App.of("shop", Member.active("shop-1", "127.0.0.1", upstream.port())))));
        admin = AdminServer.start(
                new InetSocketAddress("127.0.0.1", 0), BearerToken.of(TOKEN, AdminServer.TOKEN_NAME), gateway);
        tokenFile = Files.writeString(dir.resolve("gateway.token"), TOKEN);
    }

    @AfterEach
    void stop() {
        admin.close();
        gateway.shutdownGracefully(Duration.ofSeconds(2));
        upstream.close();
    }

    private int run(String... args) {
        CommandLine cli = NonstopCommand.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        String[] all = new String[args.length + 4];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = "--gateway";
        all[args.length + 1] = "http://127.0.0.1:" + admin.address().getPort();
        all[args.length + 2] = "--gateway-token-file";
        all[args.length + 3] = tokenFile.toString();
        return cli.execute(all);
    }

    @Test
    void drainWaitsForTheRequestInFlightThenUndrainPutsTheInstanceBack() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        CompletableFuture<HttpResponse<String>> slow = http.sendAsync(
                HttpRequest.newBuilder(URI.create(
                                "http://127.0.0.1:" + gateway.address().getPort() + "/slow?delay=600"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        await().atMost(Duration.ofSeconds(5))
                .until(() -> gateway.stats().find("shop-1").inFlight() == 1);

        int drained = run("drain", "shop-1");

        assertThat(drained).as(err.toString()).isZero();
        assertThat(slow).isDone();
        assertThat(slow.get().statusCode()).isEqualTo(200);
        assertThat(out.toString())
                .contains("shop-1 DRAINING (table version 2 in force)")
                .contains("shop-1 drained in");
        assertThat(gateway.tables().current().member("shop-1").orElseThrow().state())
                .isEqualTo(MemberState.DRAINING);

        assertThat(run("undrain", "shop-1")).isZero();
        assertThat(gateway.tables().current().member("shop-1").orElseThrow().state())
                .isEqualTo(MemberState.ACTIVE);
        http.close();
    }

    @Test
    void anUnknownInstanceAWrongTokenAndABadDurationAreUsageErrors() throws Exception {
        assertThat(run("drain", "nope")).isEqualTo(2);
        assertThat(err.toString()).contains("nope: no such member at the gateway");

        assertThat(run("drain", "shop-1", "--timeout", "soon")).isEqualTo(2);
        assertThat(err.toString()).contains("--timeout: soon (expected:");

        Files.writeString(tokenFile, "wrong-token-0123456789");
        assertThat(run("undrain", "shop-1")).isEqualTo(2);
        assertThat(err.toString()).contains("refused the token");
    }
}
