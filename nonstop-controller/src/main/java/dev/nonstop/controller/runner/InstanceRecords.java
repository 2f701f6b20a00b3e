package dev.nonstop.controller.runner;

import dev.nonstop.agent.contract.InstanceStatus;
import dev.nonstop.agent.contract.StaleFencingTokenException;
import dev.nonstop.controller.store.ControllerStore;
import dev.nonstop.controller.store.ControllerStoreException;
import dev.nonstop.controller.store.Instance;
import dev.nonstop.controller.store.InstanceState;
import dev.nonstop.controller.store.ReleaseFence;
import dev.nonstop.gateway.contract.client.GatewayFencedOutException;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the store's instance records true to what runs: after a release settles, each instance the release touched
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
            status = actions.status(new InstanceActions.Target(
                    i.id(), i.host(), i.port(), i.gatewayMemberId().orElse(i.id())));
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
        InstanceState state = observedState(status, i.state());
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

    /** The stored state of an instance whose agent reports {@code status}; a retired instance stays retired. */
    static InstanceState observedState(InstanceStatus status, InstanceState recorded) {
        if (status.state().isLive()) {
            return InstanceState.RUNNING;
        }
        if (recorded == InstanceState.RETIRED) {
            return InstanceState.RETIRED;
        }
        return status.state() == dev.nonstop.agent.contract.InstanceState.STOPPED
                ? InstanceState.STOPPED
                : InstanceState.FAILED;
    }
}
