package dev.nonstop.controller.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nonstop.testing.openapi.OpenApiDocument;
import dev.nonstop.testing.openapi.OpenApiDocument.Operation;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code openapi/controller.yaml} describes every route the server serves, and nothing it does not. */
class OpenApiDescriptionTest {
    private final OpenApiDocument document =
            OpenApiDocument.load(ControllerApiServer.class, "/openapi/controller.yaml");
    private final List<Operation> served =
            ControllerApiServer.routes(null, null, null, null, Duration.ofSeconds(15)).stream()
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
                        .at("/components/schemas/ReleaseSpec/properties")
                        .has("batchSize"))
                .isTrue();
        assertThat(document.tree().at("/components/schemas/Error/properties").has("problems"))
                .isTrue();
    }
}
