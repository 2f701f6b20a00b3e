package dev.nonstop.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nonstop.agent.contract.Fence;
import dev.nonstop.agent.contract.StaleFencingTokenException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AgentFencingTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-02T03:04:05Z"), ZoneOffset.UTC);

    @TempDir
    Path tmp;

    private Caller fenced(String release, long token) {
        return new Caller("controller", Optional.of(new Fence(release, token)));
    }

    @Test
    void aLowerTokenThanTheHighestSeenForTheReleaseIsRefusedAndAudited() throws IOException {
        try (Agent agent = Agent.create(AgentSettings.builder().dataDir(tmp).build(), CLOCK)) {
            Path v1 = TestApps.manifestOnlyJar(tmp.resolve("v1.jar"), "1");
            Path v2 = TestApps.manifestOnlyJar(tmp.resolve("v2.jar"), "2");
            agent.as(fenced("r-1", 5)).install("shop", "1", v1, null);

            assertThatThrownBy(() -> agent.as(fenced("r-1", 3)).install("shop", "2", v2, null))
                    .isInstanceOf(StaleFencingTokenException.class)
                    .hasMessage("stale fencing token 3 for release r-1 (highest seen: 5)");

            assertThat(agent.apps().get("shop")).hasSize(1);
            List<String> audit = Files.readAllLines(agent.auditLog());
            assertThat(audit).hasSize(2);
            assertThat(audit.get(0))
                    .contains("\"when\":\"2026-01-02T03:04:05Z\"")
                    .contains("\"who\":\"controller\"")
                    .contains("\"what\":\"install shop 1\"")
                    .contains("\"release\":\"r-1\"", "\"fencingToken\":5")
                    .contains("\"result\":\"ok: installed sha256 ");
            assertThat(audit.get(1))
                    .contains("\"fencingToken\":3")
                    .contains("\"result\":\"refused: stale fencing token 3 for release r-1 (highest seen: 5)\"");
        }
    }

    @Test
    void theSameOrAHigherTokenIsAcceptedAndOtherReleasesAreIndependent() {
        try (Agent agent = Agent.create(AgentSettings.builder().dataDir(tmp).build(), CLOCK)) {
            Path jar = TestApps.manifestOnlyJar(tmp.resolve("v1.jar"), "1");
            agent.as(fenced("r-1", 5)).install("shop", "1", jar, null);

            assertThat(agent.as(fenced("r-1", 5))
                            .install("shop", "1", jar, null)
                            .installed())
                    .isFalse();
            assertThat(agent.as(fenced("r-1", 6))
                            .install("shop", "1", jar, null)
                            .installed())
                    .isFalse();
            assertThat(agent.as(fenced("r-2", 1))
                            .install("shop", "1", jar, null)
                            .installed())
                    .isFalse();
        }
    }

    @Test
    void failedMutationsAreAuditedToo() throws IOException {
        try (Agent agent = Agent.create(AgentSettings.builder().dataDir(tmp).build(), CLOCK)) {
            assertThatThrownBy(() -> agent.stop("nobody")).hasMessage("unknown instance nobody");

            assertThat(Files.readString(agent.auditLog()))
                    .contains("\"who\":\"in-process\"")
                    .contains("\"what\":\"stop nobody (timeout PT30S)\"")
                    .contains("\"result\":\"refused: unknown instance nobody\"");
        }
    }
}
