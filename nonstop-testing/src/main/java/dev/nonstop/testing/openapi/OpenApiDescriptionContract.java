package dev.nonstop.testing.openapi;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.nonstop.testing.openapi.OpenApiDocument.Operation;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What every API's OpenAPI document must pass, written once: it describes every route the server serves, and nothing
 * it does not, it holds together ({@link OpenApiDocument#problems()}), and its mutations declare the headers the API
 * requires of them ({@link #mutationHeaders()}). An API's {@code OpenApiDescriptionTest}
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

    /**
     * The headers every mutation (every operation but {@code GET}) must declare: the fencing headers where the API
     * fences its mutations. None by default.
     */
    protected List<String> mutationHeaders() {
        return List.of();
    }

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

    @Test
    void everyMutationDeclaresItsHeaders() {
        List<Operation> mutations =
                served().stream().filter(op -> !op.method().equals("get")).toList();
        assertEquals(
                List.of(),
                document().missingHeaders(mutations, mutationHeaders().toArray(String[]::new)));
    }
}
