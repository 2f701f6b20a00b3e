/**
 * Keeps an API's OpenAPI document true: {@link dev.nonstop.testing.openapi.OpenApiDocument} compares it with the
 * routes the server declares, both ways (a route added without documentation, a documented one removed), and checks
 * that the document holds together (references resolve, path parameters are declared, guarded operations document
 * their 401). Each API's test hands it its route table:
 *
 * <pre>{@code
 * OpenApiDocument document = OpenApiDocument.load(AgentRoutes.class, "/openapi/agent.yaml");
 * List<OpenApiDocument.Operation> served = AgentRoutes.of(null).routes().stream()
 *         .map(r -> new OpenApiDocument.Operation(r.method().name(), r.template()))
 *         .toList();
 * assertThat(document.undocumented(served)).isEmpty();
 * assertThat(document.unserved(served)).isEmpty();
 * assertThat(document.problems()).isEmpty();
 * }</pre>
 */
package dev.nonstop.testing.openapi;
