package dev.nonstop.controller.release.plan;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The order of a rolling release:
 *
 * <ol>
 *   <li>start the {@link #surge()} instances of the new version (capacity goes up first);
 *   <li>upgrade the old instances in place, one {@link #batches() batch} at a time, in the given order;
 *   <li>drain and stop the {@link #retire() retired} old instances, giving the surge capacity back.
 * </ol>
 *
 * The instances of one step of this list go together: the runner starts the surge instances at once, a batch's
 * instances at once, and retires the k-th old instance as soon as the k-th surge instance serves.
 *
 * <p>The app keeps its instance count: as many old instances are retired as surge instances were added. The surge is
 * therefore capped at the number of current instances ({@link #requestedSurge()} keeps what was asked); with a
 * surge equal to the count every old instance is retired and none is upgraded in place.
 *
 * @param requestedSurge the surge asked for
 * @param surge the new instances to start first, {@code min(requestedSurge, instances)} of them
 * @param batches the old instances upgraded in place, by id, batch after batch; none empty
 * @param retire the old instances retired at the end, by id: the last {@code surge.size()} in the given order
 */
public record RollingPlan(int requestedSurge, List<SurgeSlot> surge, List<List<String>> batches, List<String> retire) {

    public RollingPlan {
        surge = List.copyOf(surge);
        batches = batches.stream().map(List::copyOf).toList();
        retire = List.copyOf(retire);
    }

    /**
     * Plans a rolling release.
     *
     * @param current the app's instances, in the order to upgrade them; at least one, ids unique
     * @param batch how many to upgrade at once, >= 1; a batch larger than the instances makes one batch
     * @param surge how many new instances to start first, >= 0
     * @throws IllegalArgumentException naming the bad argument
     */
    public static RollingPlan of(List<InstanceRef> current, int batch, int surge) {
        if (current == null || current.isEmpty()) {
            throw new IllegalArgumentException("current: " + current + " (expected: at least one instance)");
        }
        if (batch < 1) {
            throw new IllegalArgumentException("batch: " + batch + " (expected: >= 1)");
        }
        if (surge < 0) {
            throw new IllegalArgumentException("surge: " + surge + " (expected: >= 0)");
        }
        Set<String> ids = new HashSet<>();
        for (InstanceRef ref : current) {
            if (!ids.add(ref.id())) {
                throw new IllegalArgumentException("current: duplicate id " + ref.id() + " (expected: unique ids)");
            }
        }
        int effectiveSurge = Math.min(surge, current.size());
        List<String> hosts = new ArrayList<>(
                new LinkedHashSet<>(current.stream().map(InstanceRef::host).toList()));
        List<SurgeSlot> slots = new ArrayList<>();
        for (int i = 0; i < effectiveSurge; i++) {
            slots.add(new SurgeSlot(i + 1, hosts.get(i % hosts.size())));
        }
        int inPlace = current.size() - effectiveSurge;
        List<List<String>> batches = new ArrayList<>();
        for (int start = 0; start < inPlace; start += batch) {
            batches.add(current.subList(start, Math.min(start + batch, inPlace)).stream()
                    .map(InstanceRef::id)
                    .toList());
        }
        List<String> retire = current.subList(inPlace, current.size()).stream()
                .map(InstanceRef::id)
                .toList();
        return new RollingPlan(surge, slots, batches, retire);
    }

    /**
     * Plans a gray release (canary, blue-green): {@code green} new instances started next to the current ones (the
     * surge slots, on the current instances' hosts in turn), nothing upgraded in place, every current instance
     * retired once green has all the traffic.
     *
     * @throws IllegalArgumentException naming the bad argument
     */
    public static RollingPlan gray(List<InstanceRef> current, int green) {
        if (current == null || current.isEmpty()) {
            throw new IllegalArgumentException("current: " + current + " (expected: at least one instance)");
        }
        if (green < 1) {
            throw new IllegalArgumentException("green: " + green + " (expected: >= 1)");
        }
        List<String> hosts = new ArrayList<>(
                new LinkedHashSet<>(current.stream().map(InstanceRef::host).toList()));
        List<SurgeSlot> slots = new ArrayList<>();
        for (int i = 0; i < green; i++) {
            slots.add(new SurgeSlot(i + 1, hosts.get(i % hosts.size())));
        }
        return new RollingPlan(
                green, slots, List.of(), current.stream().map(InstanceRef::id).toList());
    }

    /** How many instances the app had before the release, and has after it. */
    public int instanceCount() {
        return batches.stream().mapToInt(List::size).sum() + retire.size();
    }

    /**
     * The fewest instances serving at any moment of the release, if every step succeeds: all surge instances run
     * while a batch is out; retired instances are drained only after the last batch is back.
     */
    public int minimumServing() {
        int largestBatch = batches.stream().mapToInt(List::size).max().orElse(0);
        return instanceCount() + surge.size() - largestBatch;
    }

    /** Whether capacity never drops below the instance count: the surge covers the largest batch. */
    public boolean keepsCapacity() {
        return minimumServing() >= instanceCount();
    }
}
