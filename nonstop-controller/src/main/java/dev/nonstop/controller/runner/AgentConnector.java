package dev.nonstop.controller.runner;

import dev.nonstop.agent.contract.AgentApi;
import dev.nonstop.common.fencing.Fence;

/**
 * The agent of a host, seen by a release: its mutations carry the release's fence. For the embedded setup, {@code
 * (host, fence) -> agent.as(new Caller("controller", Optional.of(fence)))}; for remote agents, an {@code
 * AgentClient} per host, {@code fenced(fence)}.
 */
@FunctionalInterface
public interface AgentConnector {
    AgentApi agent(String host, Fence fence);
}
