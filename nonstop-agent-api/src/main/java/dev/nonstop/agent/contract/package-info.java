/**
 * The agent's contract: what a controller may ask of an agent ({@link
 * dev.nonstop.agent.contract.AgentApi}), the records it answers with ({@link
 * dev.nonstop.agent.contract.InstanceSpec}, {@link dev.nonstop.agent.contract.InstanceStatus}, {@link
 * dev.nonstop.agent.contract.StopResult}, {@link dev.nonstop.agent.contract.InstallResult}...), the
 * typed refusals it throws, and the wire format of its HTTP API ({@link
 * dev.nonstop.agent.contract.AgentJson}, {@link dev.nonstop.agent.contract.AgentErrors}). Every
 * mutation may carry a {@link dev.nonstop.agent.contract.Fence}: a token lower than the highest seen
 * for the release is refused with a {@link dev.nonstop.agent.contract.StaleFencingTokenException}.
 *
 * <p>No server code: the agent implements it, the controller calls it in-process or through {@link
 * dev.nonstop.agent.contract.client.AgentClient}.
 */
package dev.nonstop.agent.contract;
