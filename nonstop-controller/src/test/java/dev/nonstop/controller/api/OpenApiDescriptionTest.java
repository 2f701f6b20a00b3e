package dev.nonstop.controller.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nonstop.testing.openapi.OpenApiDescriptionContract;
import dev.nonstop.testing.openapi.OpenApiDocument;
import dev.nonstop.testing.openapi.OpenApiDocument.Operation;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code openapi/controller.yaml} describes every route the server serves, and nothing it does not. */
class OpenApiDescriptionTest extends OpenApiDescriptionContract {
    private final OpenApiDocument document =
            OpenApiDocument.load(ControllerApiServer.class, "/openapi/controller.yaml");

    @Override
    protected OpenApiDocument document() {
        return document;
    }

    @Override
    protected List<Operation> served() {
        return ControllerApiServer.routes(null, null, null, null, Duration.ofSeconds(15)).stream()
                .map(r -> new Operation(r.method().name(), r.template()))
                .toList();
    }

    @Test
    void releaseSpecsAndErrorsAreDescribedWithTheirFields() {
        assertThat(document.tree()
                        .at("/components/schemas/ReleaseSpec/properties")
                        .has("batchSize"))
                .isTrue();
        assertThat(document.tree().at("/components/schemas/Error/properties").has("problems"))
                .isTrue();
    }
}
