/**
 * The rolling plan: {@link dev.nonstop.controller.release.plan.RollingPlan#of} turns the current instances, a batch
 * size and a surge into the order of work, as a pure function (same input, same plan), so that it can be shown
 * before a release starts and recomputed when a release is resumed from the same recorded instance list.
 */
package dev.nonstop.controller.release.plan;
