/**
 * The controller's REST API and release event stream: {@link dev.nonstop.controller.api.ControllerApiServer}, a
 * token-guarded Netty HTTP server (JSON, server-sent events), described by {@code openapi/controller.yaml} on the classpath.
 *
 * <p>The API validates, audits and answers; it runs no release itself. It talks to the release runner through
 * {@link dev.nonstop.controller.api.ReleaseOperations} (start a release from a spec, apply an operator's command), and
 * streams what the runner publishes on {@link dev.nonstop.controller.api.ReleaseEvents} (instance transitions, state
 * changes), after a replay of the step log from the store.
 *
 * <pre>{@code
 * ReleaseEvents events = new ReleaseEvents();
 * try (ControllerApiServer api = ControllerApiServer.builder(store, runner, events)
 *         .token(BearerToken.readOrCreate(Path.of(".nonstop/controller.token"), ControllerApiServer.TOKEN_NAME))
 *         .start()) {
 *     // curl -H "Authorization: Bearer $(cat .nonstop/controller.token)" http://127.0.0.1:9070/api/apps
 * }
 * }</pre>
 *
 * <p>Errors are {@code {"error": "...", "problems": [{"path": "batchSize", "message": "batchSize: 0 (expected: >=
 * 1)"}]}}, every problem of a request at once, each naming the JSON field or query parameter.
 */
package dev.nonstop.controller.api;
