package dev.nonstop.controller.runner;

import dev.nonstop.agent.contract.AgentApi;
import dev.nonstop.agent.contract.InstanceStatus;
import dev.nonstop.controller.client.AppProbe;
import dev.nonstop.controller.client.AppProbeException;
import dev.nonstop.controller.client.AppStatus;
import dev.nonstop.controller.release.spec.DrainPolicy;
import dev.nonstop.controller.release.spec.ReleaseSpec;
import dev.nonstop.controller.release.spec.SmokeCheck;
import dev.nonstop.gateway.contract.client.GatewayAdminClient;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * What each step does to the gateways, the agent and the instance, on three collaborators: the gateways' tables
 * ({@link GatewayTables}), the processes on the agents ({@link InstanceProcesses}) and the app itself, probed
 * straight on its port ({@link AppProbe}); the warm-up ramp is {@link WarmUpRamp}. Every action is idempotent: run
 * twice, it leaves what running it once leaves (a member already DRAINING stays so, a stopped process reports
 * already stopped, an installed version is not installed again, a running process of the right version is kept).
 * Actions return the detail recorded with the step and throw {@link StepFailedException} for a negative verdict.
 */
final class InstanceActions {

    /** Where an instance runs and how the gateways know it. */
    record Target(String instanceId, String host, int port, String memberId) {}

    private final ReleaseSpec spec;
    private final String fromVersion;
    private final GatewayTables tables;
    private final InstanceProcesses processes;
    private final WarmUpRamp warmUp;
    private final AppProbe probe;
    private final Waiter waiter;
    private final BiConsumer<String, Integer> inFlight;

    /**
     * @param agents the agent of a host, its mutations fenced for the release
     * @param inFlight told each changed in-flight count of an instance being drained
     */
    InstanceActions(
            ReleaseSpec spec,
            String fromVersion,
            List<GatewayAdminClient> gateways,
            Function<String, AgentApi> agents,
            AppProbe probe,
            Waiter waiter,
            Map<String, String> env,
            Map<String, String> newVersionEnv,
            List<String> jvmArgs,
            BiConsumer<String, Integer> inFlight) {
        this.spec = spec;
        this.fromVersion = fromVersion;
        this.tables = new GatewayTables(gateways, waiter);
        this.processes = new InstanceProcesses(spec, agents, env, newVersionEnv, jvmArgs);
        this.warmUp = new WarmUpRamp(spec.app(), spec.warmUp(), tables, waiter);
        this.probe = probe;
        this.waiter = waiter;
        this.inFlight = inFlight;
    }

    // ---- drain

    /** DRAINING: the member takes no new work on every gateway; each 200 means that version is in force there. */
    String markDraining(Target t) {
        List<String> versions = tables.markDraining(t.memberId(), spec.drain().deadline());
        return "member " + t.memberId() + " DRAINING in force, table versions " + versions;
    }

    /**
     * DRAINED: tells the app to drain, then polls until the member's in-flight count is zero on every gateway and
     * the app reports idle. At the deadline the drain policy decides: {@code FAIL} throws, {@code FORCE} records.
     */
    String awaitDrained(Target t, boolean alwaysForce) {
        Instant started = waiter.clock().instant();
        AtomicReference<String> last = new AtomicReference<>("not observed yet");
        int[] lastCount = {-1};
        boolean drained = waiter.await(spec.drain().deadline(), () -> isDrained(t, last, lastCount));
        Duration took = Duration.between(started, waiter.clock().instant());
        if (drained) {
            return "drained in " + took.toMillis() + " ms: " + last.get();
        }
        if (alwaysForce || spec.drain().policy() == DrainPolicy.FORCE) {
            return "FORCED at the drain deadline " + spec.drain().deadline() + ": " + last.get();
        }
        throw new StepFailedException(
                "not drained by the deadline " + spec.drain().deadline() + ": " + last.get());
    }

    /** Reports a changed in-flight count of {@code t} to the listener. */
    private void report(Target t, int count, int[] lastCount) {
        if (count != lastCount[0]) {
            lastCount[0] = count;
            inFlight.accept(t.instanceId(), count);
        }
    }

    private boolean isDrained(Target t, AtomicReference<String> last, int[] lastCount) {
        int gatewayInFlight = tables.inFlight(t.memberId());
        if (gatewayInFlight > 0) {
            last.set(gatewayInFlight + " in flight on the gateways");
            report(t, gatewayInFlight, lastCount);
            return false;
        }
        if (!processes.isLive(t)) {
            last.set("gateways 0 in flight, process not running");
            return true;
        }
        try {
            AppStatus status = probe.appStatus(t.host(), t.port());
            if (!status.draining()) {
                status = probe.drain(t.host(), t.port());
            }
            last.set("gateways 0 in flight, app in flight " + status.inFlight() + (status.idle() ? ", idle" : ""));
            report(t, status.inFlight(), lastCount);
            return status.idle();
        } catch (AppProbeException e) {
            last.set("gateways 0 in flight, app status unreadable: " + e.getMessage());
            return false;
        }
    }

    // ---- process

    /** A port free on {@code host} for a new instance, as that host's agent sees it. */
    int freePort(String host) {
        return processes.freePort(host);
    }

    /** STOPPED: see {@link InstanceProcesses#stop}. */
    String stop(Target t) {
        return processes.stop(t);
    }

    /** DEPLOYED: see {@link InstanceProcesses#deploy}. */
    String deploy(Target t) {
        return processes.deploy(t);
    }

    /** STARTED: see {@link InstanceProcesses#start}. */
    String start(Target t, String version) {
        return processes.start(t, version);
    }

    /** What the instance's agent reports about it; null when the agent does not know it. */
    InstanceStatus status(Target t) {
        return processes.status(t);
    }

    /** HEALTHY: polls the readiness path straight on the instance until 2xx, the timeout, or the process exits. */
    String awaitHealthy(Target t) {
        Instant started = waiter.clock().instant();
        AtomicReference<InstanceStatus> exited = new AtomicReference<>();
        boolean ready = waiter.withInterval(
                        spec.health().interval().compareTo(waiter.interval()) < 0
                                ? spec.health().interval()
                                : waiter.interval())
                .await(spec.health().timeout(), () -> {
                    InstanceStatus s = processes.status(t);
                    if (s == null || !s.state().isLive()) {
                        exited.set(s);
                        return true;
                    }
                    return probe.isReady(t.host(), t.port(), spec.health().readinessPath());
                });
        if (exited.get() != null || (ready && !processes.isLive(t))) {
            InstanceStatus s = exited.get();
            throw new StepFailedException(
                    "process not running" + (s == null ? "" : " (" + s.state() + ", exit code " + s.exitCode() + ")"));
        }
        if (!ready) {
            throw new StepFailedException(spec.health().readinessPath() + " not ready within "
                    + spec.health().timeout());
        }
        return spec.health().readinessPath() + " ready after "
                + Duration.between(started, waiter.clock().instant()).toMillis() + " ms";
    }

    /** VERIFIED: every smoke check straight to the instance; a connection failure is retried once. */
    String verify(Target t) {
        List<String> passed = new ArrayList<>();
        for (SmokeCheck check : spec.smokeChecks()) {
            int status;
            try {
                status = probe.status(t.host(), t.port(), check.method(), check.path());
            } catch (AppProbeException first) {
                status = probe.status(t.host(), t.port(), check.method(), check.path());
            }
            if (!check.expectedStatuses().contains(status)) {
                throw new StepFailedException("smoke check " + check.method() + " " + check.path() + " answered "
                        + status + " (expected: one of " + check.expectedStatuses() + ")");
            }
            passed.add(check.method() + " " + check.path() + " " + status);
        }
        return passed.isEmpty() ? "no smoke checks" : "passed " + passed;
    }

    // ---- routing

    /** WARMING: see {@link WarmUpRamp#warm}. */
    String warm(Target t) {
        return warmUp.warm(t);
    }

    /** RUNNING_NEW and rollbacks: the member ACTIVE at full weight on every gateway (added when absent). */
    String activate(Target t) {
        return warmUp.route(t, WarmUpRamp.FULL_WEIGHT);
    }

    /** Whether any gateway has the member. */
    boolean isRouted(Target t) {
        return tables.isRouted(t.memberId());
    }

    /** RETIRED and surge rollbacks: the member out of every table. */
    String removeFromGateways(Target t) {
        return "member " + t.memberId() + " removed, table versions " + tables.remove(t.memberId());
    }

    // ---- rollback

    /**
     * ROLLED_BACK for an upgraded or retired instance: the old version serving again at full weight. A live old
     * process (drained, not stopped) is resumed; a new one is drained and stopped, then the old version started.
     */
    String rollBackInPlace(Target t) {
        InstanceStatus status = processes.status(t);
        String how;
        if (status != null && status.state().isLive() && status.version().equals(fromVersion)) {
            try {
                probe.resume(t.host(), t.port());
            } catch (AppProbeException e) {
                // the readiness wait below decides
            }
            how = "old process resumed";
        } else {
            if (status != null && status.state().isLive()) {
                if (isRouted(t)) {
                    markDraining(t);
                    awaitDrained(t, true);
                }
                processes.stop(t);
            }
            processes.start(t, fromVersion);
            how = "old version started";
        }
        awaitHealthy(t);
        return how + "; " + activate(t);
    }

    /** ROLLED_BACK for a surge instance: drained if it had traffic, out of every table, stopped. */
    String rollBackSurge(Target t) {
        if (isRouted(t)) {
            markDraining(t);
            awaitDrained(t, true);
            removeFromGateways(t);
        }
        return "removed and " + processes.stop(t);
    }
}
