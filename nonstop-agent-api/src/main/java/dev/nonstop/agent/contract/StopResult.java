package dev.nonstop.agent.contract;

import java.time.Duration;
import java.util.OptionalInt;

/** The outcome of a stop: how it ended, the exit code when known, and how long it took. */
public record StopResult(String instanceId, StopMode mode, OptionalInt exitCode, Duration took) {}
