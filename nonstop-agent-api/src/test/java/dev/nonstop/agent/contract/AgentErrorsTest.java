package dev.nonstop.agent.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nonstop.agent.contract.client.AgentRequestException;
import dev.nonstop.common.fencing.Fence;
import dev.nonstop.common.fencing.StaleFencingTokenException;
import dev.nonstop.common.problem.Problem;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Each typed refusal goes over the wire and comes back as the same exception, with what it carries. */
class AgentErrorsTest {
    private static final Fence FENCE = new Fence("r-1", 3);

    /** The error body the agent writes for {@code refusal}, read back as a client does. */
    private static RuntimeException roundTrip(RuntimeException e, Optional<Fence> fence) {
        AgentErrors.Refusal refusal = AgentErrors.refusal(e);
        ObjectNode body = AgentJson.MAPPER.createObjectNode();
        body.put("error", refusal.message()).put("code", refusal.code());
        if (!refusal.problems().isEmpty()) {
            body.set("problems", AgentJson.MAPPER.valueToTree(refusal.problems()));
        }
        body.setAll(refusal.details());
        return AgentErrors.toException(refusal.status(), body, "shop-1", fence);
    }

    @Test
    void typedRefusalsComeBackTyped() {
        assertThat(roundTrip(new InvalidInputException(Problem.of("port", 0, "1-65535")), Optional.empty()))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.problems())
                        .containsExactly(Problem.of("port", 0, "1-65535")));
        assertThat(roundTrip(new ChecksumMismatchException("shop", "v2", "aa", "bb"), Optional.empty()))
                .isInstanceOfSatisfying(ChecksumMismatchException.class, e -> assertThat(
                                List.of(e.app(), e.version(), e.expected(), e.actual()))
                        .containsExactly("shop", "v2", "aa", "bb"));
        assertThat(roundTrip(new StaleFencingTokenException(FENCE, 7), Optional.of(FENCE)))
                .isInstanceOfSatisfying(StaleFencingTokenException.class, e -> assertThat(e.highestSeen())
                        .isEqualTo(7));
        assertThat(roundTrip(new UnknownInstanceException("shop-1"), Optional.empty()))
                .isInstanceOf(UnknownInstanceException.class)
                .hasMessage("unknown instance shop-1");
    }

    @Test
    void otherRefusalsKeepTheirStatusAndCode() {
        assertThat(roundTrip(new ArtifactConflictException("shop", "v1", "aa", "bb"), Optional.empty()))
                .isInstanceOfSatisfying(AgentRequestException.class, e -> {
                    assertThat(e.status()).isEqualTo(409);
                    assertThat(e.code()).isEqualTo(AgentErrors.ARTIFACT_CONFLICT);
                });
        assertThat(roundTrip(new ProcessStartException("shop-1", new IOException("no java")), Optional.empty()))
                .isInstanceOfSatisfying(AgentRequestException.class, e -> assertThat(e.code())
                        .isEqualTo(AgentErrors.PROCESS_START_FAILED));
        // a stale token for a call that carried no fence cannot name the fence: not rebuilt
        assertThat(roundTrip(new StaleFencingTokenException(FENCE, 7), Optional.empty()))
                .isInstanceOfSatisfying(
                        AgentRequestException.class, e -> assertThat(e.status()).isEqualTo(409));
    }

    @Test
    void anUnexpectedFailureIsAnInternalErrorAndAClosedAgentUnavailable() {
        assertThat(AgentErrors.refusal(new NullPointerException("x")))
                .extracting(AgentErrors.Refusal::status, AgentErrors.Refusal::code)
                .containsExactly(500, AgentErrors.INTERNAL);
        assertThat(AgentErrors.refusal(new IllegalStateException("closed")))
                .extracting(AgentErrors.Refusal::status, AgentErrors.Refusal::code)
                .containsExactly(503, AgentErrors.UNAVAILABLE);
    }
}
