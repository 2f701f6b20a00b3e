package dev.nonstop.controller.store;

import dev.nonstop.controller.release.state.InstanceStep;
import java.time.Instant;
import java.util.Optional;

/**
 * One row of a release's step log.
 *
 * @param id increasing in insertion order across the whole log
 * @param startedAt when the step started (a {@code DONE} or {@code FAILED} row copies it from its {@code STARTED}
 *     row)
 * @param finishedAt empty on {@code STARTED} rows
 */
public record StepRecord(
        long id,
        String releaseId,
        String instanceId,
        InstanceStep step,
        StepStatus status,
        Instant startedAt,
        Optional<Instant> finishedAt,
        String detail) {}
