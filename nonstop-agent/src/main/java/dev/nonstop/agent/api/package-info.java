/**
 * The agent's HTTP API, for a controller on another host: {@link dev.nonstop.agent.api.AgentServer}
 * (Netty, JSON, bearer token, loopback by default) and {@link dev.nonstop.agent.contract.client.AgentClient},
 * which has the same Java shape as the in-process {@link dev.nonstop.agent.Agent}.
 *
 * <p>Mutations may carry {@code X-Nonstop-Release} and {@code X-Nonstop-Fencing-Token}; a token lower
 * than the highest seen for the release is refused with 409. Errors are {@code {"error": ...,
 * "code": ..., "problems": [{"path", "message"}]}}; {@code code} is stable and machine-readable.
 */
package dev.nonstop.agent.api;
