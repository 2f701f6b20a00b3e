package dev.nonstop.controller.release.state;

import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The instance transition tables, one per {@link InstancePath}, built from three rules:
 *
 * <ol>
 *   <li>each step of the path's forward list may move to the next one;
 *   <li>a touched step (neither the first nor the last) may move to {@code FAILED} (a step failed) or straight to
 *       {@code ROLLING_BACK} (the release is rolled back between steps); the last step may move to
 *       {@code ROLLING_BACK};
 *   <li>{@code FAILED -> ROLLING_BACK}, {@code ROLLING_BACK -> ROLLED_BACK}, {@code ROLLING_BACK -> FAILED} (the
 *       rollback failed and may be retried).
 * </ol>
 *
 * <p>An instance still in its first step was never touched: a rollback leaves it alone.
 */
final class InstanceTransitions {

    private static final Map<InstancePath, Map<InstanceStep, Set<InstanceStep>>> TABLES =
            new EnumMap<>(InstancePath.class);

    static {
        for (InstancePath path : InstancePath.values()) {
            TABLES.put(path, table(path.forwardSteps()));
        }
    }

    private InstanceTransitions() {}

    private static Map<InstanceStep, Set<InstanceStep>> table(List<InstanceStep> forward) {
        EnumMap<InstanceStep, EnumSet<InstanceStep>> table = new EnumMap<>(InstanceStep.class);
        for (InstanceStep step : forward) {
            table.put(step, EnumSet.noneOf(InstanceStep.class));
        }
        for (int i = 0; i < forward.size() - 1; i++) {
            table.get(forward.get(i)).add(forward.get(i + 1));
            if (i > 0) {
                table.get(forward.get(i)).add(InstanceStep.FAILED);
                table.get(forward.get(i)).add(InstanceStep.ROLLING_BACK);
            }
        }
        table.get(forward.get(forward.size() - 1)).add(InstanceStep.ROLLING_BACK);
        table.put(InstanceStep.FAILED, EnumSet.of(InstanceStep.ROLLING_BACK));
        table.put(InstanceStep.ROLLING_BACK, EnumSet.of(InstanceStep.ROLLED_BACK, InstanceStep.FAILED));
        table.put(InstanceStep.ROLLED_BACK, EnumSet.noneOf(InstanceStep.class));
        EnumMap<InstanceStep, Set<InstanceStep>> frozen = new EnumMap<>(InstanceStep.class);
        table.forEach((step, successors) -> frozen.put(step, Collections.unmodifiableSet(successors)));
        return Collections.unmodifiableMap(frozen);
    }

    static Set<InstanceStep> successors(InstancePath path, InstanceStep from) {
        return TABLES.get(path).getOrDefault(from, Set.of());
    }

    static Set<InstanceStep> steps(InstancePath path) {
        return TABLES.get(path).keySet();
    }
}
