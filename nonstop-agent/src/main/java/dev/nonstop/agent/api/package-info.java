/**
 * The agent's HTTP API server, for a controller on another host: {@link dev.nonstop.agent.api.AgentServer} (the kit's
 * control API server, bearer token, loopback by default). The wire format, the error codes and the client ({@link
 * dev.nonstop.agent.contract.client.AgentClient}, with the same Java shape as the in-process {@link
 * dev.nonstop.agent.Agent}) are the agent's contract, in {@code nonstop-agent-api}. The API is described by {@code
 * openapi/agent.yaml} on the classpath, checked against the routes both ways.
 *
 * <p>{@link dev.nonstop.agent.api.AgentApiHandler} routes each request through {@link dev.nonstop.agent.api.AgentRoutes},
 * the declared table of endpoints, to {@link dev.nonstop.agent.api.ArtifactEndpoints} or {@link
 * dev.nonstop.agent.api.InstanceEndpoints}; {@link dev.nonstop.agent.api.AgentCall} reads a request for them and {@link
 * dev.nonstop.agent.api.AgentFencing} its fencing headers.
 *
 * <p>Mutations may carry {@code X-Nonstop-Release} and {@code X-Nonstop-Fencing-Token}; a token lower
 * than the highest seen for the release is refused with 409. Errors are {@code {"error": ...,
 * "code": ..., "problems": [{"path", "message"}]}}; {@code code} is stable and machine-readable.
 */
package dev.nonstop.agent.api;
