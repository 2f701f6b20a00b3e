package dev.nonstop.controller.runner;

import dev.nonstop.controller.release.plan.RollingPlan;
import dev.nonstop.controller.release.plan.SurgeSlot;
import dev.nonstop.controller.release.state.InstancePath;
import dev.nonstop.controller.store.ControllerStore;
import dev.nonstop.controller.store.Release;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * A release's plan as the task graph its {@link ParallelWalk} runs: the surge instances together, first; each batch
 * together, after the surge and the batch before; each retired instance after every batch and after the surge
 * instance that replaces it (the k-th retired after the k-th surge), so capacity never drops below what the plan
 * keeps. Each task's instance is resumed where the step log left it.
 */
final class ReleaseTasks {
    private ReleaseTasks() {}

    /**
     * The tasks of {@code plan} for {@code release}, in the walk's order.
     *
     * @throws IllegalArgumentException when an instance of the plan (not a surge instance) is not registered
     */
    static List<ParallelWalk.Task<InstanceWork>> of(
            RollingPlan plan, Release release, ControllerStore store, ResumedMachines machines) {
        List<ParallelWalk.Task<InstanceWork>> tasks = new ArrayList<>();
        List<Integer> surges = new ArrayList<>();
        for (SurgeSlot slot : plan.surge()) {
            String id = ReleaseRunner.surgeInstanceId(release.app(), release.id(), slot.ordinal());
            InstanceActions.Target target = store.instance(id)
                    .map(InstanceRecords::targetOf)
                    .orElse(new InstanceActions.Target(id, slot.host(), 0, id));
            surges.add(tasks.size());
            tasks.add(new ParallelWalk.Task<>(
                    new InstanceWork(machines.machine(id, InstancePath.SURGE), target), List.of()));
        }
        List<Integer> previous = surges;
        for (List<String> batch : plan.batches()) {
            List<Integer> members = new ArrayList<>();
            for (String id : batch) {
                members.add(tasks.size());
                tasks.add(new ParallelWalk.Task<>(
                        new InstanceWork(machines.machine(id, InstancePath.UPGRADE), existing(store, id)), previous));
            }
            previous = members;
        }
        for (int k = 0; k < plan.retire().size(); k++) {
            String id = plan.retire().get(k);
            List<Integer> after = new ArrayList<>(plan.batches().isEmpty() ? List.of() : previous);
            if (k < surges.size()) {
                after.add(surges.get(k));
            }
            tasks.add(new ParallelWalk.Task<>(
                    new InstanceWork(machines.machine(id, InstancePath.RETIRE), existing(store, id)), after));
        }
        return tasks;
    }

    /**
     * The green instances of a gray release: one per surge slot of {@code plan} ({@link
     * dev.nonstop.controller.release.plan.RollingPlan#gray}), all at once, on the {@link InstancePath#GREEN} path.
     */
    static List<ParallelWalk.Task<InstanceWork>> green(
            RollingPlan plan, Release release, ControllerStore store, ResumedMachines machines) {
        List<ParallelWalk.Task<InstanceWork>> tasks = new ArrayList<>();
        for (SurgeSlot slot : plan.surge()) {
            String id = ReleaseRunner.surgeInstanceId(release.app(), release.id(), slot.ordinal());
            InstanceActions.Target target = store.instance(id)
                    .map(InstanceRecords::targetOf)
                    .orElse(new InstanceActions.Target(id, slot.host(), 0, id));
            tasks.add(new ParallelWalk.Task<>(
                    new InstanceWork(machines.machine(id, InstancePath.GREEN), target), List.of()));
        }
        return tasks;
    }

    /** The blue instances of a gray release, retired all at once after the promotion. */
    static List<ParallelWalk.Task<InstanceWork>> blue(
            RollingPlan plan, ControllerStore store, ResumedMachines machines) {
        List<ParallelWalk.Task<InstanceWork>> tasks = new ArrayList<>();
        for (String id : plan.retire()) {
            tasks.add(new ParallelWalk.Task<>(
                    new InstanceWork(machines.machine(id, InstancePath.RETIRE), existing(store, id)), List.of()));
        }
        return tasks;
    }

    /** The hosts that will run the new version: those of the upgraded and the surge instances. */
    static SortedSet<String> stagingHosts(List<InstanceWork> work) {
        return work.stream()
                .filter(w -> w.machine.path() != InstancePath.RETIRE)
                .map(w -> w.target.host())
                .collect(Collectors.toCollection(TreeSet::new));
    }

    private static InstanceActions.Target existing(ControllerStore store, String id) {
        return InstanceRecords.targetOf(store.instance(id)
                .orElseThrow(() -> new IllegalArgumentException("instance " + id + " of the plan is not registered")));
    }
}
