package dev.nonstop.testing.openapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nonstop.testing.openapi.OpenApiDocument.Operation;
import java.util.List;
import org.junit.jupiter.api.Test;

class OpenApiDocumentTest {
    private final OpenApiDocument sample = OpenApiDocument.load(OpenApiDocumentTest.class, "/openapi/sample.yaml");

    @Test
    void aDocumentThatMatchesTheRoutesHasNothingToReport() {
        List<Operation> served = List.of(new Operation("GET", "/things"), new Operation("PUT", "/things/{id}"));

        assertThat(sample.operations()).containsExactlyElementsOf(served);
        assertThat(sample.undocumented(served)).isEmpty();
        assertThat(sample.unserved(served)).isEmpty();
        assertThat(sample.problems()).isEmpty();
    }

    @Test
    void aRouteAddedWithoutDocumentationIsNamed() {
        List<Operation> served = List.of(
                new Operation("GET", "/things"),
                new Operation("PUT", "/things/{id}"),
                new Operation("DELETE", "/things/{id}"));

        assertThat(sample.undocumented(served))
                .containsExactly("DELETE /things/{id} is served but not described in /openapi/sample.yaml");
        assertThat(sample.unserved(served)).isEmpty();
    }

    @Test
    void aDocumentedRouteThatIsNoLongerServedIsNamed() {
        List<Operation> served = List.of(new Operation("GET", "/things"));

        assertThat(sample.unserved(served))
                .containsExactly("PUT /things/{id} is described in /openapi/sample.yaml but not served");
        assertThat(sample.undocumented(served)).isEmpty();
    }

    @Test
    void anIncompleteDocumentNamesEachGap() {
        OpenApiDocument broken = OpenApiDocument.load(OpenApiDocumentTest.class, "/openapi/broken.yaml");

        assertThat(broken.problems())
                .containsExactlyInAnyOrder(
                        "/openapi/broken.yaml: openapi: \"3.1.0\" (expected: 3.0.x)",
                        "GET /things/{id}: guarded by [{\"bearer\":[]}] but no 401 response",
                        "GET /things/{id}: path parameter id not declared",
                        "DELETE /things/{id}: no success response",
                        "DELETE /things/{id}: path parameter id not declared",
                        "/openapi/broken.yaml: $ref #/components/responses/Thing at"
                                + " /paths/~1things~1{id}/get/responses/200 leads nowhere");
    }

    @Test
    void parametersAreNamedWithThoseOfTheirPathItem() {
        assertThat(sample.parameters(new Operation("PUT", "/things/{id}"), "path"))
                .containsExactly("id");
        assertThat(sample.parameters(new Operation("PUT", "/things/{id}"), "header"))
                .isEmpty();
        assertThat(sample.parameters(new Operation("GET", "/nothing"), "path")).isEmpty();
    }

    @Test
    void operationsWithoutTheHeadersTheyMustDeclareAreNamed() {
        assertThat(sample.missingHeaders(List.of(new Operation("PUT", "/things/{id}")), "X-Release", "X-Token"))
                .containsExactly("PUT /things/{id} does not declare the headers [X-Release, X-Token]");
    }

    @Test
    void aMissingDocumentIsNamed() {
        assertThatThrownBy(() -> OpenApiDocument.load(OpenApiDocumentTest.class, "/openapi/none.yaml"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("/openapi/none.yaml");
    }
}
