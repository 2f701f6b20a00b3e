package dev.nonstop.testing.openapi;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.nonstop.testing.openapi.OpenApiDocument.Operation;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What every API's OpenAPI document must pass, written once: it describes every route the server serves, and nothing
 * it does not, and it holds together ({@link OpenApiDocument#problems()}). An API's {@code OpenApiDescriptionTest}
 * extends it with its document and its routes, and adds checks of its own:
 *
 * <pre>{@code
 * class OpenApiDescriptionTest extends OpenApiDescriptionContract {
 *     @Override
 *     protected OpenApiDocument document() {
 *         return OpenApiDocument.load(AgentRoutes.class, "/openapi/agent.yaml");
 *     }
 *
 *     @Override
 *     protected List<Operation> served() {
 *         return AgentRoutes.of(null).routes().stream()
 *                 .map(r -> new Operation(r.method().name(), r.template()))
 *                 .toList();
 *     }
 * }
 * }</pre>
 */
public abstract class OpenApiDescriptionContract {
    /** The API's document, as shipped. */
    protected abstract OpenApiDocument document();

    /** The routes the API's server serves, from the same table it routes with. */
    protected abstract List<Operation> served();

    @Test
    void everyServedRouteIsDescribed() {
        assertEquals(List.of(), document().undocumented(served()));
    }

    @Test
    void everyDescribedRouteIsServed() {
        assertEquals(List.of(), document().unserved(served()));
    }

    @Test
    void theDescriptionHoldsTogether() {
        assertEquals(List.of(), document().problems());
    }
}
