package dev.nonstop.agent.contract;

import java.time.Instant;
import java.util.OptionalInt;
import java.util.OptionalLong;

/** A snapshot of one instance as the driver knows it. */
public record InstanceStatus(
        String instanceId,
        String app,
        String version,
        int port,
        OptionalLong pid,
        InstanceState state,
        OptionalInt exitCode,
        Instant startedAt) {}
