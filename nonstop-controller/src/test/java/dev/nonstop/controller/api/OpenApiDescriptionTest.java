package dev.nonstop.controller.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/** {@code openapi.yaml} describes every route the server serves, and nothing it does not. */
class OpenApiDescriptionTest {

    private static JsonNode openApi() throws IOException {
        try (InputStream in = OpenApiDescriptionTest.class.getResourceAsStream("/openapi.yaml")) {
            assertThat(in).as("openapi.yaml on the classpath").isNotNull();
            return new ObjectMapper(new YAMLFactory()).readTree(in);
        }
    }

    private static List<Route> routes() {
        return ControllerApiServer.routes(null, null, null, null, Duration.ofSeconds(15));
    }

    @Test
    void everyServedRouteIsDescribed() throws IOException {
        JsonNode paths = openApi().path("paths");

        for (Route route : routes()) {
            JsonNode operation =
                    paths.path(route.template()).path(route.method().name().toLowerCase(Locale.ROOT));
            assertThat(operation.isObject())
                    .as(route.method() + " " + route.template() + " in openapi.yaml")
                    .isTrue();
            assertThat(operation.path("responses").isObject()).isTrue();
            if (route.isMutation()) {
                assertThat(operation.path("responses").has("401")).isTrue();
            }
        }
    }

    @Test
    void everyDescribedRouteIsServed() throws IOException {
        JsonNode paths = openApi().path("paths");
        List<String> served = routes().stream()
                .map(r -> r.method().name().toLowerCase(Locale.ROOT) + " " + r.template())
                .toList();

        paths.fieldNames()
                .forEachRemaining(path -> paths.path(path).fieldNames().forEachRemaining(method -> {
                    if (!method.equals("parameters")) {
                        assertThat(served).contains(method + " " + path);
                    }
                }));
        assertThat(openApi().path("openapi").asText()).startsWith("3.0");
        assertThat(openApi().at("/components/schemas/ReleaseSpec/properties").has("batchSize"))
                .isTrue();
        assertThat(openApi().at("/components/schemas/Error/properties").has("problems"))
                .isTrue();
    }
}
