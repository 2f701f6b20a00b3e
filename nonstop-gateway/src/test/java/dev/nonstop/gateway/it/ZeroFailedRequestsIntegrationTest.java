package dev.nonstop.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.nonstop.gateway.Gateway;
import dev.nonstop.gateway.GatewaySettings;
import dev.nonstop.gateway.contract.App;
import dev.nonstop.gateway.contract.Member;
import dev.nonstop.gateway.contract.MemberState;
import dev.nonstop.gateway.contract.Route;
import dev.nonstop.gateway.contract.RoutingTable;
import dev.nonstop.gateway.stats.MemberStats;
import dev.nonstop.testing.leak.NettyLeakDetectionExtension;
import dev.nonstop.testing.load.FailedRequest;
import dev.nonstop.testing.load.LoadGenerator;
import dev.nonstop.testing.load.LoadRun;
import dev.nonstop.testing.load.Report;
import dev.nonstop.testing.load.RequestSpec;
import dev.nonstop.testing.upstream.UpstreamProcess;
import dev.nonstop.testing.upstream.UpstreamProcessOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The gateway's promise, shown with real backend processes on loopback and an honest load
 * generator (no hidden retries): draining and restarting members under load costs no request,
 * and a member killed outright costs only the requests it had already received.
 */
@Timeout(120)
@ExtendWith(NettyLeakDetectionExtension.class)
class ZeroFailedRequestsIntegrationTest {
    private static final int CONNECTIONS = 12;

    private final List<UpstreamProcess> members = new ArrayList<>();
    private Gateway gateway;

    private void startCluster(int count) {
        List<Member> tableMembers = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            UpstreamProcess process = UpstreamProcess.start(
                    UpstreamProcessOptions.builder().id("m" + i).build());
            members.add(process);
            tableMembers.add(Member.active("m" + i, "127.0.0.1", process.port()));
        }
        gateway = Gateway.start(
                GatewaySettings.builder().listen("127.0.0.1", 0).eventLoops(2).build(),
                new RoutingTable(
                        1, List.of(Route.any("app")), List.of(App.of("app", tableMembers.toArray(Member[]::new)))));
    }

    private LoadRun startLoad(String prefix) {
        return LoadGenerator.builder()
                .target("127.0.0.1", gateway.address().getPort())
                .connections(CONNECTIONS)
                .keepAlive(true)
                .requestIdPrefix(prefix)
                .request(6, RequestSpec.get("/items"))
                .request(3, RequestSpec.post("/orders", 2048))
                .request(1, RequestSpec.slowGet("/report", Duration.ofMillis(150)))
                .maxRequests(5_000_000)
                .maxDuration(Duration.ofSeconds(90))
                .readTimeout(Duration.ofSeconds(10))
                .build()
                .start();
    }

    @AfterEach
    void stopCluster() {
        if (gateway != null) {
            gateway.shutdownGracefully(Duration.ofSeconds(2));
        }
        members.forEach(UpstreamProcess::close);
    }

    @Test
    void drainingStoppingAndRestartingEveryMemberUnderLoadFailsNoRequest() throws Exception {
        startCluster(3);
        try (LoadRun load = startLoad("drain")) {
            await().atMost(Duration.ofSeconds(20)).until(() -> load.report().succeeded() > 500);

            for (UpstreamProcess process : members) {
                String id = process.id();
                MemberStats stats = gateway.stats().find(id);
                gateway.setMemberState(id, MemberState.DRAINING, null);
                await().atMost(Duration.ofSeconds(10)).until(() -> stats.inFlight() == 0);
                long requestsWhenDrained = stats.snapshot().requests();

                // A JVM stopped by SIGTERM after its shutdown hooks ran exits with 143; 137 would
                // mean it had to be killed.
                assertThat(process.terminate()).as("exit code of %s", id).isIn(0, 143);
                process.restart();
                assertThat(stats.snapshot().requests())
                        .as("requests sent to %s while it was drained", id)
                        .isEqualTo(requestsWhenDrained);

                gateway.setMemberState(id, MemberState.ACTIVE, null);
                await().atMost(Duration.ofSeconds(10))
                        .until(() -> stats.snapshot().requests() > requestsWhenDrained + 50);
            }

            load.stop();
            Report report = load.awaitCompletion(Duration.ofSeconds(20));
            assertThat(report.failed()).as("failed requests:\n%s", report).isZero();
            assertThat(report.succeeded()).isGreaterThan(1000);
            assertThat(report.succeeded(RequestSpec.post("/orders", 2048))).isPositive();
            assertThat(report.succeeded(RequestSpec.slowGet("/report", Duration.ofMillis(150))))
                    .isPositive();
        }
    }

    @Test
    void aKilledMemberCostsOnlyTheRequestsItHadAlreadyReceived() throws Exception {
        startCluster(3);
        UpstreamProcess victim = members.get(1);
        try (LoadRun load = startLoad("kill")) {
            await().atMost(Duration.ofSeconds(20)).until(() -> load.report().succeeded() > 1000);

            victim.kill();
            long sentByTheKill = load.report().sent();
            long succeededAtTheKill = load.report().succeeded();
            await().atMost(Duration.ofSeconds(20)).until(() -> load.report().succeeded() > succeededAtTheKill + 2000);

            load.stop();
            Report report = load.awaitCompletion(Duration.ofSeconds(20));
            // Requests sent after the kill had not reached the victim: none of them may fail.
            // Those in flight on the victim when it died may fail only if they were not
            // idempotent (a POST it may have processed is not replayed).
            for (FailedRequest failed : report.failedRequests()) {
                long n = Long.parseLong(failed.requestId().substring("kill-".length()));
                assertThat(n).as("%s was sent after the kill", failed).isLessThanOrEqualTo(sentByTheKill + CONNECTIONS);
                assertThat(failed.request())
                        .as("only non-idempotent requests may fail: %s", failed)
                        .startsWith("POST");
            }
            assertThat(report.failed()).as("%s", report).isLessThanOrEqualTo(CONNECTIONS);
            assertThat(gateway.stats().find("m2").healthy()).isFalse();
        }
    }
}
