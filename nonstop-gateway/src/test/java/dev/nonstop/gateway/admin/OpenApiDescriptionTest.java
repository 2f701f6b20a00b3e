package dev.nonstop.gateway.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nonstop.common.fencing.Fence;
import dev.nonstop.testing.openapi.OpenApiDescriptionContract;
import dev.nonstop.testing.openapi.OpenApiDocument;
import dev.nonstop.testing.openapi.OpenApiDocument.Operation;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code openapi/gateway-admin.yaml} describes every admin route the gateway serves, and nothing it does not. */
class OpenApiDescriptionTest extends OpenApiDescriptionContract {
    private final OpenApiDocument document = OpenApiDocument.load(AdminRoutes.class, "/openapi/gateway-admin.yaml");

    @Override
    protected OpenApiDocument document() {
        return document;
    }

    @Override
    protected List<Operation> served() {
        return AdminRoutes.of(null).routes().stream()
                .map(r -> new Operation(r.method().name(), r.template()))
                .toList();
    }

    @Override
    protected List<String> mutationHeaders() {
        return List.of(Fence.RELEASE_HEADER, Fence.TOKEN_HEADER);
    }

    @Test
    void errorsAreDescribedWithTheirProblems() {
        assertThat(document.tree().at("/components/schemas/Error/properties").has("problems"))
                .isTrue();
    }
}
