package dev.nonstop.testing.upstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.nonstop.testing.load.FailureReason;
import dev.nonstop.testing.load.LoadGenerator;
import dev.nonstop.testing.load.LoadRun;
import dev.nonstop.testing.load.Report;
import dev.nonstop.testing.load.RequestSpec;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class UpstreamProcessIntegrationTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    private UpstreamProcess upstream;

    @BeforeEach
    void start() {
        upstream = UpstreamProcess.start(
                UpstreamProcessOptions.builder().id("proc-1").build());
    }

    @AfterEach
    void stop() {
        upstream.close();
    }

    @Test
    void answersAndReportsTheRequestIdsItReceived() throws Exception {
        Report report = run(load("a").maxRequests(5));

        assertThat(report.succeeded()).as(report.toString()).isEqualTo(5);
        await().atMost(WAIT).untilAsserted(() -> assertThat(upstream.receivedRequestIds())
                .containsExactlyInAnyOrder("a-1", "a-2", "a-3", "a-4", "a-5"));
        assertThat(upstream.pid()).isNotEqualTo(ProcessHandle.current().pid());
    }

    @Test
    void killedUpstreamRefusesConnectionsAndRestartsOnTheSamePort() throws Exception {
        int port = upstream.port();
        long pid = upstream.pid();

        upstream.kill();

        assertThat(upstream.isAlive()).isFalse();
        assertThat(run(load("dead").maxRequests(1)).failed(FailureReason.CONNECT_REFUSED))
                .isEqualTo(1);

        upstream.restart();

        assertThat(upstream.port()).isEqualTo(port);
        assertThat(upstream.pid()).isNotEqualTo(pid);
        Report report = run(load("back").maxRequests(3));
        assertThat(report.succeeded()).as(report.toString()).isEqualTo(3);
    }

    @Test
    void requestInFlightWhenKilledIsAFailureAndWasReceived() throws Exception {
        try (LoadRun run = load("k")
                .request(1, RequestSpec.slowGet("/x", Duration.ofSeconds(20)))
                .maxRequests(1)
                .build()
                .start()) {
            await().atMost(WAIT).until(() -> upstream.receivedRequestIds().contains("k-1"));

            upstream.kill();

            Report report = run.awaitCompletion(WAIT);
            assertThat(report.failed(FailureReason.EOF_BEFORE_RESPONSE) + report.failed(FailureReason.RESET))
                    .as(report.toString())
                    .isEqualTo(1);
        }
    }

    @Test
    void terminateLetsTheRequestInFlightFinish() throws Exception {
        try (LoadRun run = load("t")
                .request(1, RequestSpec.slowGet("/x", Duration.ofMillis(500)))
                .maxRequests(1)
                .build()
                .start()) {
            await().atMost(WAIT).until(() -> upstream.receivedRequestIds().contains("t-1"));

            int exitCode = upstream.terminate();

            assertThat(exitCode).isEqualTo(143);
            Report report = run.awaitCompletion(WAIT);
            assertThat(report.succeeded()).as(report.toString()).isEqualTo(1);
        }
    }

    @Test
    void pausedUpstreamAnswersOnlyAfterResume() throws Exception {
        upstream.pause();
        try (LoadRun run = load("p").maxRequests(1).build().start()) {
            await().atMost(WAIT).until(() -> run.report().sent() == 1);
            await().during(Duration.ofMillis(500)).atMost(WAIT).until(() -> !run.isDone());

            upstream.resume();

            Report report = run.awaitCompletion(WAIT);
            assertThat(report.succeeded()).as(report.toString()).isEqualTo(1);
        }
    }

    @Test
    void aProcessThatCannotStartFailsWithItsOutput() {
        UpstreamProcessOptions options = UpstreamProcessOptions.builder()
                .id("bad")
                .jvmArgs(List.of("-XX:+ThisOptionDoesNotExist"))
                .build();

        assertThatThrownBy(() -> UpstreamProcess.start(options))
                .isInstanceOf(UpstreamProcessException.class)
                .hasMessageContaining("before listening")
                .hasMessageContaining("ThisOptionDoesNotExist");
    }

    private LoadGenerator.Builder load(String prefix) {
        return LoadGenerator.builder()
                .target("127.0.0.1", upstream.port())
                .requestIdPrefix(prefix)
                .readTimeout(Duration.ofSeconds(25));
    }

    private static Report run(LoadGenerator.Builder load) throws InterruptedException {
        try (LoadRun run = load.build().start()) {
            return run.awaitCompletion(WAIT);
        }
    }
}
