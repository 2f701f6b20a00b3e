/**
 * The agent API's client: {@link dev.nonstop.agent.contract.client.AgentClient} has the Java shape of
 * the in-process agent and rebuilds its typed exceptions from the answers; what cannot be rebuilt is
 * an {@link dev.nonstop.agent.contract.client.AgentRequestException} with the agent's error code.
 */
package dev.nonstop.agent.contract.client;
