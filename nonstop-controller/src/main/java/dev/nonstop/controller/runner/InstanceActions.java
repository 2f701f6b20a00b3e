package dev.nonstop.controller.runner;

import dev.nonstop.agent.contract.AgentApi;
import dev.nonstop.agent.contract.InstanceStatus;
import dev.nonstop.controller.client.AppProbe;
import dev.nonstop.controller.client.AppProbeException;
import dev.nonstop.controller.client.AppStatus;
import dev.nonstop.controller.client.AppTokenRejectedException;
import dev.nonstop.controller.release.spec.DrainMode;
import dev.nonstop.controller.release.spec.DrainPolicy;
import dev.nonstop.controller.release.spec.ReleaseSpec;
import dev.nonstop.controller.release.spec.SmokeCheck;
import dev.nonstop.gateway.contract.client.GatewayAdminClient;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
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

    /** How {@link #isDrained}'s last observation starts when the gateways are drained but the app is not idle. */
    private static final String APP_NOT_IDLE = "gateways 0 in flight, app in flight ";

    private final ReleaseSpec spec;
    private final String fromVersion;
    private final GatewayTables tables;
    private final InstanceProcesses processes;
    private final WarmUpRamp warmUp;
    private final AppProbe probe;
    private final Waiter waiter;
    private final BiConsumer<String, Integer> inFlight;
    private final Map<String, Verification> verifications = new ConcurrentHashMap<>();

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
            List<String> args,
            BiConsumer<String, Integer> inFlight) {
        this.spec = spec;
        this.fromVersion = fromVersion;
        this.tables = new GatewayTables(gateways, waiter);
        this.processes = new InstanceProcesses(spec, agents, env, newVersionEnv, jvmArgs, args);
        this.warmUp = new WarmUpRamp(spec.app(), spec.warmUp(), tables, waiter);
        this.probe = probe;
        this.waiter = waiter;
        this.inFlight = inFlight;
    }

    /** The gateways' tables, for the routing edits of a gray release. */
    GatewayTables tables() {
        return tables;
    }

    /** The waits of the release, gated by its commands. */
    Waiter waiter() {
        return waiter;
    }

    // ---- drain

    /**
     * DRAINING: decides how the drain is verified ({@link #verification}), then the member takes no new work on every
     * gateway; each 200 means that version is in force there. The detail says how the drain will be verified.
     */
    String markDraining(Target t) {
        Verification how = verification(t, false);
        List<String> versions = tables.markDraining(t.memberId(), spec.drain().deadline());
        return "member " + t.memberId() + " DRAINING in force, table versions " + versions + "; " + how.said();
    }

    /** How the drain of one process is verified, and the sentence that tells the release's events so. */
    record Verification(boolean app, String said) {}

    /**
     * How the drain of {@code t}'s current process is verified: through the gateways only ({@link DrainMode#GATEWAY},
     * or {@link DrainMode#AUTO} and the app has no {@code /nonstop/status}), or through the gateways and the app.
     * One quick probe decides, once per process; a missing endpoint never costs a deadline: in mode {@code app} it
     * fails at once, in {@code auto} the gateways' counters alone decide.
     *
     * @param rollingBack a rollback drains what it must in any case: a refused token or a missing endpoint there
     *     falls back to the gateways
     * @throws StepFailedException when the app refuses the app token, or mode {@code app} meets an app without the
     *     endpoint
     */
    Verification verification(Target t, boolean rollingBack) {
        Verification known = verifications.get(t.instanceId());
        if (known != null) {
            return known;
        }
        Verification decided = decide(t, rollingBack);
        verifications.put(t.instanceId(), decided);
        return decided;
    }

    private Verification decide(Target t, boolean rollingBack) {
        DrainMode mode = spec.drain().mode();
        String where = "app at " + t.host() + ":" + t.port();
        if (mode == DrainMode.GATEWAY) {
            return new Verification(false, "drain mode gateway: verifying the drain through the gateways only");
        }
        if (!processes.isLive(t)) {
            return new Verification(false, "process not running: verifying the drain through the gateways only");
        }
        AppProbe.Contract contract;
        try {
            contract = probe.contract(t.host(), t.port());
        } catch (AppTokenRejectedException e) {
            if (rollingBack) {
                return new Verification(false, e.getMessage() + "; verifying the drain through the gateways only");
            }
            throw new StepFailedException(e.getMessage());
        }
        if (contract.spoken()) {
            return new Verification(
                    true, where + " answers /nonstop/status: verifying the drain through the gateways and the app");
        }
        String missing = where + " has no /nonstop/status (" + contract.reason() + ")";
        if (mode == DrainMode.APP && !rollingBack) {
            throw new StepFailedException("drain mode app: " + missing
                    + " (expected: an app serving the Nonstop contract, or drain mode gateway or auto)");
        }
        return new Verification(false, missing + ": verifying the drain through the gateways only");
    }

    /**
     * DRAINED: tells the app to drain, then polls until the member's in-flight count is zero on every gateway and
     * the app reports idle. At the deadline the drain policy decides: {@code FAIL} throws, {@code FORCE} records.
     */
    String awaitDrained(Target t, boolean alwaysForce) {
        Instant started = waiter.clock().instant();
        AtomicReference<String> last = new AtomicReference<>("not observed yet");
        int[] lastCount = {-1};
        ParticipantWaits waits = new ParticipantWaits();
        boolean drained =
                waiter.await(spec.drain().deadline(), () -> isDrained(t, last, lastCount, alwaysForce, waits, started));
        Duration took = Duration.between(started, waiter.clock().instant());
        if (drained) {
            return "drained in " + took.toMillis() + " ms: " + last.get();
        }
        String stuck = waits.stuck();
        if (last.get().startsWith(APP_NOT_IDLE) && !stuck.isEmpty()) {
            // The gateways are drained and what is left is in the app's participants: name them and what they hold.
            String why = "drain deadline " + ParticipantWaits.human(spec.drain().deadline()) + " passed: " + stuck;
            if (alwaysForce || spec.drain().policy() == DrainPolicy.FORCE) {
                return "FORCED: " + why;
            }
            throw new StepFailedException(why);
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

    private boolean isDrained(
            Target t,
            AtomicReference<String> last,
            int[] lastCount,
            boolean rollingBack,
            ParticipantWaits waits,
            Instant started) {
        GatewayTables.GatewayWork work = tables.work(t.memberId());
        if (work.inFlight() > 0) {
            last.set(work.inFlight() + " in flight on the gateways");
            report(t, work.inFlight(), lastCount);
            return false;
        }
        if (work.upgradedConnections() > 0) {
            last.set("gateways 0 in flight, " + work.upgradedConnections() + " upgraded connection(s) open");
            report(t, 0, lastCount);
            return false;
        }
        if (!processes.isLive(t)) {
            last.set("gateways 0 in flight, process not running");
            return true;
        }
        if (!verification(t, rollingBack).app()) {
            last.set("gateways 0 in flight, no upgraded connection (verified through the gateways only)");
            report(t, 0, lastCount);
            return true;
        }
        try {
            AppStatus status = probe.appStatus(t.host(), t.port());
            if (!status.draining()) {
                status = probe.drain(t.host(), t.port());
            }
            waits.observe(status, Duration.between(started, waiter.clock().instant()));
            if (status.idle() && !status.participants().isEmpty()) {
                last.set("gateways 0 in flight, app idle (" + waits.waits() + ")");
            } else {
                String stuck = waits.stuck();
                last.set(APP_NOT_IDLE
                        + status.inFlight()
                        + (status.idle() ? ", idle" : "")
                        + (stuck.isEmpty() ? "" : ", " + stuck));
            }
            report(t, status.inFlight(), lastCount);
            return status.idle();
        } catch (AppTokenRejectedException e) {
            if (rollingBack) {
                verifications.put(t.instanceId(), new Verification(false, e.getMessage()));
                return false;
            }
            throw new StepFailedException(e.getMessage());
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

    /** STOPPED: see {@link InstanceProcesses#stop}. The next process of the instance is probed afresh. */
    String stop(Target t) {
        verifications.remove(t.instanceId());
        return processes.stop(t);
    }

    /** DEPLOYED: see {@link InstanceProcesses#deploy}. */
    String deploy(Target t) {
        return processes.deploy(t);
    }

    /** STARTED: see {@link InstanceProcesses#start}. */
    String start(Target t, String version) {
        verifications.remove(t.instanceId());
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
            HttpResponse<String> response;
            try {
                response = probe.send(t.host(), t.port(), check.method(), check.path());
            } catch (AppProbeException first) {
                response = probe.send(t.host(), t.port(), check.method(), check.path());
            }
            int status = response.statusCode();
            if (!check.expectedStatuses().contains(status)) {
                throw new StepFailedException("smoke check " + check + ": " + check.method() + " " + check.path()
                        + " answered " + status + " (expected: " + check.statusText() + ")");
            }
            if (check.bodyContains().isPresent()
                    && !String.valueOf(response.body())
                            .contains(check.bodyContains().get())) {
                throw new StepFailedException("smoke check " + check + ": the body of " + check.method() + " "
                        + check.path() + " does not contain \""
                        + check.bodyContains().get() + "\" (it was: "
                        + abbreviate(response.body()) + ")");
            }
            passed.add(check.method() + " " + check.path() + " " + status
                    + check.bodyContains().map(b -> " with \"" + b + "\"").orElse(""));
        }
        return passed.isEmpty() ? "no smoke checks" : "passed " + passed;
    }

    private static String abbreviate(String body) {
        String text = String.valueOf(body).strip();
        return text.length() > 200 ? text.substring(0, 197) + "..." : text;
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

    /** DRAINING for a rollback: as {@link #markDraining}, but a refused token or a missing endpoint never stops it. */
    private String markDrainingForRollback(Target t) {
        Verification how = verification(t, true);
        List<String> versions = tables.markDraining(t.memberId(), spec.drain().deadline());
        return "member " + t.memberId() + " DRAINING in force, table versions " + versions + "; " + how.said();
    }

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
                    markDrainingForRollback(t);
                    awaitDrained(t, true);
                }
                stop(t);
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
            markDrainingForRollback(t);
            awaitDrained(t, true);
            removeFromGateways(t);
        }
        return "removed and " + stop(t);
    }
}
