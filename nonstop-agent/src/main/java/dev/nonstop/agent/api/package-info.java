/**
 * The agent's HTTP API, for a controller on another host: {@link dev.nonstop.agent.api.AgentServer}
 * (Netty, JSON, bearer token, loopback by default) and {@link dev.nonstop.agent.api.AgentClient},
 * which has the same Java shape as the in-process {@link dev.nonstop.agent.Agent}. The API is described by
 * {@code openapi/agent.yaml} on the classpath, checked against the routes both ways.
 *
 * <p>{@link dev.nonstop.agent.api.AgentApiHandler} routes each request through {@link
 * dev.nonstop.agent.api.AgentRoutes}, the declared table of endpoints, to {@link
 * dev.nonstop.agent.api.ArtifactEndpoints} or {@link dev.nonstop.agent.api.InstanceEndpoints}; {@link
 * dev.nonstop.agent.api.AgentCall} reads a request for them and {@link dev.nonstop.agent.api.AgentFencing} its
 * fencing headers.
 *
 * <p>Mutations may carry {@code X-Nonstop-Release} and {@code X-Nonstop-Fencing-Token}; a token lower
 * than the highest seen for the release is refused with 409. Errors are {@code {"error": ...,
 * "code": ..., "problems": [{"path", "message"}]}}; {@code code} is stable and machine-readable.
 */
package dev.nonstop.agent.api;
