package dev.nonstop.agent;

import dev.nonstop.agent.contract.Fence;
import java.util.Objects;
import java.util.Optional;

/**
 * Who asks for a mutation, for the audit log, and the fence it carries, if any.
 *
 * @param who the token owner ({@code controller} for the HTTP API) or {@code in-process}
 */
public record Caller(String who, Optional<Fence> fence) {

    public Caller {
        Objects.requireNonNull(who, "who");
        Objects.requireNonNull(fence, "fence");
    }

    /** A caller in the agent's own JVM without a fence. */
    public static Caller inProcess() {
        return new Caller("in-process", Optional.empty());
    }
}
