package dev.nonstop.agent.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nonstop.agent.contract.AgentErrors;
import dev.nonstop.common.fencing.Fence;
import dev.nonstop.testing.openapi.OpenApiDescriptionContract;
import dev.nonstop.testing.openapi.OpenApiDocument;
import dev.nonstop.testing.openapi.OpenApiDocument.Operation;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code openapi/agent.yaml} describes every route the agent serves, and nothing it does not. */
class OpenApiDescriptionTest extends OpenApiDescriptionContract {
    private final OpenApiDocument document = OpenApiDocument.load(AgentRoutes.class, "/openapi/agent.yaml");

    @Override
    protected OpenApiDocument document() {
        return document;
    }

    @Override
    protected List<Operation> served() {
        return AgentRoutes.of(null).routes().stream()
                .map(r -> new Operation(r.method().name(), r.template()))
                .toList();
    }

    @Override
    protected List<String> mutationHeaders() {
        return List.of(Fence.RELEASE_HEADER, Fence.TOKEN_HEADER);
    }

    @Test
    void everyErrorCodeTheAgentAnswersWithIsDescribed() {
        assertThat(document.tree()
                        .at("/components/schemas/Error/properties/code/enum")
                        .toString())
                .contains(
                        AgentErrors.INVALID_INPUT,
                        AgentErrors.CHECKSUM_MISMATCH,
                        AgentErrors.ARTIFACT_CONFLICT,
                        AgentErrors.ARTIFACT_NOT_FOUND,
                        AgentErrors.UNKNOWN_INSTANCE,
                        AgentErrors.INSTANCE_RUNNING,
                        AgentErrors.STALE_FENCING_TOKEN,
                        AgentErrors.PROCESS_START_FAILED,
                        AgentErrors.UNAVAILABLE,
                        AgentErrors.INTERNAL);
    }
}
