package dev.nonstop.gateway.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nonstop.gateway.fencing.ReleaseFencing;
import dev.nonstop.testing.openapi.OpenApiDocument;
import dev.nonstop.testing.openapi.OpenApiDocument.Operation;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code openapi/gateway-admin.yaml} describes every admin route the gateway serves, and nothing it does not. */
class OpenApiDescriptionTest {
    private final OpenApiDocument document = OpenApiDocument.load(AdminRoutes.class, "/openapi/gateway-admin.yaml");
    private final List<Operation> served = AdminRoutes.of(null).routes().stream()
            .map(r -> new Operation(r.method().name(), r.template()))
            .toList();

    @Test
    void everyServedRouteIsDescribed() {
        assertThat(document.undocumented(served)).isEmpty();
    }

    @Test
    void everyDescribedRouteIsServed() {
        assertThat(document.unserved(served)).isEmpty();
    }

    @Test
    void theDescriptionIsCompleteAndHoldsTogether() {
        assertThat(document.problems()).isEmpty();
        assertThat(document.tree()
                        .at("/components/securitySchemes/bearer/scheme")
                        .asText())
                .isEqualTo("bearer");
        assertThat(document.tree().at("/components/schemas/Error/properties").has("problems"))
                .isTrue();
    }

    @Test
    void everyMutationDescribesTheFencingHeaders() {
        for (Operation operation : served) {
            if (!operation.method().equals("get")) {
                assertThat(document.parameters(operation, "header"))
                        .as(operation.toString())
                        .contains(ReleaseFencing.RELEASE_HEADER, ReleaseFencing.TOKEN_HEADER);
            }
        }
    }
}
