package dev.nonstop.controller.runner;

import dev.nonstop.agent.contract.InstanceStatus;
import dev.nonstop.common.fencing.StaleFencingTokenException;
import dev.nonstop.controller.store.ControllerStore;
import dev.nonstop.controller.store.ControllerStoreException;
import dev.nonstop.controller.store.Instance;
import dev.nonstop.controller.store.RecordedInstanceState;
import dev.nonstop.controller.store.ReleaseFence;
import dev.nonstop.gateway.contract.client.GatewayFencedOutException;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the store's instance records true to what runs: each step that starts, stops or retires a process records
 * what it implies ({@link #record}), and after a release settles, each instance the release touched
 * is recorded with the version of the process its agent reports, and whether it is live. The agent's observation
 * wins over what the release's steps implied; an abort in the middle of a warm-up leaves the new version running,
 * and the record then says so.
 */
final class InstanceRecords {
    private static final Logger log = LoggerFactory.getLogger(InstanceRecords.class);

    private final ControllerStore store;
    private final ReleaseFence fence;
    private final InstanceActions actions;

    InstanceRecords(ControllerStore store, ReleaseFence fence, InstanceActions actions) {
        this.store = store;
        this.fence = fence;
        this.actions = actions;
    }

    /** Records what a step implied for instance {@code id}: it runs {@code version} and is in {@code state}. */
    void record(String id, String version, RecordedInstanceState state) {
        store.instance(id)
                .ifPresent(
                        i -> store.updateInstance(fence, i.withVersion(version).withState(state)));
    }

    /** Sets each touched instance's record to what its agent reports running ({@link #recordWhatRuns(String)}). */
    void recordWhatRuns(List<InstanceWork> work) {
        for (InstanceWork w : work) {
            if (w.touched()) {
                recordWhatRuns(w.machine.instanceId());
            }
        }
    }

    /**
     * Asks the instance's agent what it runs and records that, under the release's fence. A record the agent agrees
     * with is not written; an instance unknown to the store or to its agent (never registered, never started) and
     * an agent that cannot be asked leave the record as it is (the latter logged).
     */
    void recordWhatRuns(String instanceId) {
        Optional<Instance> stored = store.instance(instanceId);
        if (stored.isEmpty()) {
            return;
        }
        Instance i = stored.get();
        InstanceStatus status;
        try {
            status = actions.status(targetOf(i));
        } catch (ControllerStoreException | GatewayFencedOutException | StaleFencingTokenException e) {
            throw e;
        } catch (RuntimeException e) {
            log.warn(
                    "release {}: the agent of {} could not say what {} runs; its record is left as it is: {}",
                    fence.releaseId(),
                    i.host(),
                    i.id(),
                    e.toString());
            return;
        }
        if (status == null) {
            return;
        }
        RecordedInstanceState state = observedState(status, i.state());
        if (!i.version().equals(status.version()) || i.state() != state) {
            store.updateInstance(fence, i.withVersion(status.version()).withState(state));
            log.info(
                    "release {}: instance {} recorded as {} {} (was {} {}), as its agent reports",
                    fence.releaseId(),
                    i.id(),
                    status.version(),
                    state,
                    i.version(),
                    i.state());
        }
    }

    /** Where the runner's actions reach a stored instance: its gateway member id is its own id unless recorded. */
    static InstanceActions.Target targetOf(Instance i) {
        return new InstanceActions.Target(
                i.id(), i.host(), i.port(), i.gatewayMemberId().orElse(i.id()));
    }

    /** The stored state of an instance whose agent reports {@code status}; a retired instance stays retired. */
    static RecordedInstanceState observedState(InstanceStatus status, RecordedInstanceState recorded) {
        if (status.state().isLive()) {
            return RecordedInstanceState.RUNNING;
        }
        if (recorded == RecordedInstanceState.RETIRED) {
            return RecordedInstanceState.RETIRED;
        }
        return status.state() == dev.nonstop.agent.contract.InstanceState.STOPPED
                ? RecordedInstanceState.STOPPED
                : RecordedInstanceState.FAILED;
    }
}
