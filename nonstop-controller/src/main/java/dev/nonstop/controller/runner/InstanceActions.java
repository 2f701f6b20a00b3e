package dev.nonstop.controller.runner;

import com.fasterxml.jackson.databind.JsonNode;
import dev.nonstop.agent.AgentApi;
import dev.nonstop.agent.process.InstanceSpec;
import dev.nonstop.agent.process.InstanceStatus;
import dev.nonstop.agent.process.StopResult;
import dev.nonstop.agent.process.UnknownInstanceException;
import dev.nonstop.controller.client.AppProbe;
import dev.nonstop.controller.client.AppProbeException;
import dev.nonstop.controller.client.AppStatus;
import dev.nonstop.controller.client.GatewayAdminClient;
import dev.nonstop.controller.client.GatewayNotFoundException;
import dev.nonstop.controller.client.MemberCounters;
import dev.nonstop.controller.client.TableSnapshot;
import dev.nonstop.controller.client.TableVersionConflictException;
import dev.nonstop.controller.release.spec.DrainPolicy;
import dev.nonstop.controller.release.spec.ReleaseSpec;
import dev.nonstop.controller.release.spec.SmokeCheck;
import dev.nonstop.controller.release.spec.WarmUpSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * What each step does to the gateways, the agent and the instance. Every action is idempotent: run twice, it leaves
 * what running it once leaves (a member already DRAINING stays so, a stopped process reports already stopped, an
 * installed version is not installed again, a running process of the right version is kept). Actions return the
 * detail recorded with the step and throw {@link StepFailedException} for a negative verdict.
 */
final class InstanceActions {
    /** The weight of a member at full weight; the others' weight in a table the runner manages. */
    static final int FULL_WEIGHT = 100;

    /** Where an instance runs and how the gateways know it. */
    record Target(String instanceId, String host, int port, String memberId) {}

    private final ReleaseSpec spec;
    private final String fromVersion;
    private final List<GatewayAdminClient> gateways;
    private final java.util.function.Function<String, AgentApi> agents;
    private final AppProbe probe;
    private final Waiter waiter;
    private final Map<String, String> env;
    private final Map<String, String> newVersionEnv;
    private final List<String> jvmArgs;
    private final java.util.function.BiConsumer<String, Integer> inFlight;
    private final Object tableEdits = new Object();
    private final Map<String, Object> installLocks = new java.util.concurrent.ConcurrentHashMap<>();
    private final Map<String, String> installedOn = new java.util.concurrent.ConcurrentHashMap<>();

    InstanceActions(
            ReleaseSpec spec,
            String fromVersion,
            List<GatewayAdminClient> gateways,
            java.util.function.Function<String, AgentApi> agents,
            AppProbe probe,
            Waiter waiter,
            Map<String, String> env,
            Map<String, String> newVersionEnv,
            List<String> jvmArgs,
            java.util.function.BiConsumer<String, Integer> inFlight) {
        this.inFlight = inFlight;
        this.spec = spec;
        this.fromVersion = fromVersion;
        this.gateways = List.copyOf(gateways);
        this.agents = agents;
        this.probe = probe;
        this.waiter = waiter;
        this.env = env;
        this.newVersionEnv = newVersionEnv;
        this.jvmArgs = jvmArgs;
    }

    // ---- drain

    /** DRAINING: the member takes no new work on every gateway; each 200 means that version is in force there. */
    String markDraining(Target t) {
        List<String> versions = new ArrayList<>();
        synchronized (tableEdits) {
            for (GatewayAdminClient g : gateways) {
                try {
                    versions.add(String.valueOf(g.setMemberState(
                            t.memberId(), "DRAINING", spec.drain().deadline())));
                } catch (GatewayNotFoundException e) {
                    // not routed there (a route or a removal that reached only some gateways): nothing to drain
                    versions.add("absent");
                }
            }
        }
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
        int gatewayInFlight = 0;
        for (GatewayAdminClient g : gateways) {
            try {
                gatewayInFlight += g.memberStats(t.memberId()).inFlight();
            } catch (GatewayNotFoundException e) {
                // not in that gateway's table: nothing in flight there
            }
        }
        if (gatewayInFlight > 0) {
            last.set(gatewayInFlight + " in flight on the gateways");
            report(t, gatewayInFlight, lastCount);
            return false;
        }
        if (!isLive(t)) {
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
        return agents.apply(host).freePort();
    }

    /** STOPPED: SIGTERM, up to the spec's stop timeout, then SIGKILL. Already stopped is fine. */
    String stop(Target t) {
        try {
            StopResult result = agents.apply(t.host()).stop(t.instanceId(), spec.stopTimeout());
            return result.mode() + " in " + result.took().toMillis() + " ms";
        } catch (UnknownInstanceException e) {
            return "ALREADY_STOPPED (unknown to the agent)";
        }
    }

    /**
     * DEPLOYED: installs the new version, checksum verified; a version already staged there (the release's first
     * phase, {@link ArtifactStaging}) is not sent again. One install per host and runner: instances of one host
     * deployed together wait for the first one's install instead of sending the artifact again.
     */
    String deploy(Target t) {
        Object hostLock = installLocks.computeIfAbsent(t.host(), h -> new Object());
        synchronized (hostLock) {
            String earlier = installedOn.get(t.host());
            if (earlier != null) {
                return earlier + " (for an earlier instance on " + t.host() + ")";
            }
            String detail = ArtifactStaging.install(
                    agents.apply(t.host()), spec, spec.artifactSha256().orElse(null));
            installedOn.put(t.host(), detail);
            return detail;
        }
    }

    /** STARTED: starts {@code version}; a live process of that version is kept, one of another version refused. */
    String start(Target t, String version) {
        InstanceStatus status = status(t);
        if (status != null && status.state().isLive()) {
            if (status.version().equals(version)) {
                return "already running " + version + " pid " + status.pid().orElse(-1);
            }
            throw new StepFailedException("instance " + t.instanceId() + " runs " + status.version()
                    + " (expected: stopped, or " + version + ")");
        }
        Map<String, String> processEnv = new java.util.LinkedHashMap<>(env);
        if (version.equals(spec.version())) {
            processEnv.putAll(newVersionEnv);
        }
        InstanceStatus started = agents.apply(t.host())
                .start(new InstanceSpec(t.instanceId(), spec.app(), version, t.port(), processEnv, jvmArgs));
        return "started " + version + " on port " + t.port() + " pid "
                + started.pid().orElse(-1);
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
                    InstanceStatus s = status(t);
                    if (s == null || !s.state().isLive()) {
                        exited.set(s);
                        return true;
                    }
                    return probe.isReady(t.host(), t.port(), spec.health().readinessPath());
                });
        if (exited.get() != null || (ready && !isLive(t))) {
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

    /**
     * WARMING: the member goes ACTIVE at the first weight step (added to the tables first when absent), then
     * through the steps, holding each for the step interval while its failures on every gateway stay within the
     * threshold.
     */
    String warm(Target t) {
        WarmUpSpec warmUp = spec.warmUp();
        List<Integer> steps = warmUp.weightSteps();
        List<Integer> weights = warmUp.weights(FULL_WEIGHT);
        int first = weights.get(0);
        if (steps.size() == 1) {
            // no ramp: full weight at once, nothing to hold or to watch here
            return "no ramp, " + route(t, first);
        }
        List<MemberCounters> baseline = new ArrayList<>();
        for (GatewayAdminClient g : gateways) {
            // before the member takes traffic: a member new to a gateway has no counters there yet
            try {
                baseline.add(g.memberStats(t.memberId()));
            } catch (GatewayNotFoundException e) {
                baseline.add(new MemberCounters(t.memberId(), 0, 0, 0, 0));
            }
        }
        route(t, first);
        AtomicReference<String> why = new AtomicReference<>();
        for (int i = 0; i < steps.size(); i++) {
            int weight = weights.get(i);
            if (i > 0) {
                synchronized (tableEdits) {
                    for (GatewayAdminClient g : gateways) {
                        g.setMemberWeight(t.memberId(), weight);
                    }
                }
            }
            if (i < steps.size() - 1
                    && !waiter.hold(warmUp.stepInterval(), () -> tooManyErrors(t, baseline, warmUp, why))) {
                throw new StepFailedException("warm-up stopped at weight " + weight + ": " + why.get());
            }
        }
        if (tooManyErrors(t, baseline, warmUp, why)) {
            throw new StepFailedException("warm-up failed: " + why.get());
        }
        return "weights " + steps + "% of " + FULL_WEIGHT + ", failures within " + warmUp.errorRateThreshold();
    }

    private List<MemberCounters> counters(Target t) {
        List<MemberCounters> all = new ArrayList<>();
        for (GatewayAdminClient g : gateways) {
            all.add(g.memberStats(t.memberId()));
        }
        return all;
    }

    private boolean tooManyErrors(
            Target t, List<MemberCounters> baseline, WarmUpSpec warmUp, AtomicReference<String> why) {
        List<MemberCounters> now = counters(t);
        long requests = 0;
        long failures = 0;
        for (int i = 0; i < now.size(); i++) {
            requests += now.get(i).requests() - baseline.get(i).requests();
            failures += now.get(i).failures() - baseline.get(i).failures();
        }
        if (failures > 0 && failures > warmUp.errorRateThreshold() * Math.max(1, requests)) {
            why.set(failures + " failures in " + requests + " requests (threshold " + warmUp.errorRateThreshold()
                    + ")");
            return true;
        }
        return false;
    }

    /** RUNNING_NEW and rollbacks: the member ACTIVE at full weight on every gateway (added when absent). */
    String activate(Target t) {
        return route(t, FULL_WEIGHT);
    }

    /**
     * The member ACTIVE at {@code weight} on every gateway, with as few calls as it takes: one read of the table,
     * then nothing (already so), one table replace (absent: added as it should be), or a weight and a state change.
     */
    private String route(Target t, int weight) {
        List<Long> versions = new ArrayList<>();
        for (GatewayAdminClient g : gateways) {
            versions.add(routeOn(g, t, weight));
        }
        return "member " + t.memberId() + " ACTIVE weight " + weight + ", table versions " + versions;
    }

    private long routeOn(GatewayAdminClient g, Target t, int weight) {
        synchronized (tableEdits) {
            return routeOnLocked(g, t, weight);
        }
    }

    private long routeOnLocked(GatewayAdminClient g, Target t, int weight) {
        TableVersionConflictException conflict = null;
        for (int attempt = 0; attempt < ConflictBackoff.TABLE_EDITS.attempts(); attempt++) {
            backOffAfter(attempt);
            TableSnapshot table = g.table();
            Optional<JsonNode> member = TableEdits.member(table.table(), t.memberId());
            if (member.isEmpty()) {
                try {
                    return g.replaceTable(
                            TableEdits.withMember(
                                    table.table(),
                                    spec.app(),
                                    null,
                                    t.memberId(),
                                    t.host(),
                                    t.port(),
                                    weight,
                                    "ACTIVE"),
                            table.version());
                } catch (TableVersionConflictException e) {
                    conflict = e; // another change came first: read again
                    continue;
                }
            }
            long version = table.version();
            if (member.get().path("weight").asInt() != weight) {
                version = g.setMemberWeight(t.memberId(), weight);
            }
            if (!"ACTIVE".equals(member.get().path("state").asText())) {
                version = g.setMemberState(t.memberId(), "ACTIVE", null);
            }
            return version;
        }
        throw new StepFailedException(
                "table of " + g.base() + " kept changing (" + ConflictBackoff.TABLE_EDITS.attempts() + " attempts)",
                conflict);
    }

    /** Whether any gateway has the member. */
    boolean isRouted(Target t) {
        for (GatewayAdminClient g : gateways) {
            if (TableEdits.hasMember(g.table().table(), t.memberId())) {
                return true;
            }
        }
        return false;
    }

    /** RETIRED and surge rollbacks: the member out of every table. */
    String removeFromGateways(Target t) {
        List<Long> versions = new ArrayList<>();
        for (GatewayAdminClient g : gateways) {
            versions.add(editTable(
                    g,
                    table -> TableEdits.hasMember(table.table(), t.memberId())
                            ? TableEdits.withoutMember(table.table(), t.memberId())
                            : null));
        }
        return "member " + t.memberId() + " removed, table versions " + versions;
    }

    /**
     * Replaces the table with {@code edit}'s result (null: nothing to do), again on a version conflict. The edits of
     * this release's instances, walked on several threads, go one at a time, so they do not conflict with each
     * other.
     */
    private long editTable(
            GatewayAdminClient g,
            java.util.function.Function<TableSnapshot, com.fasterxml.jackson.databind.node.ObjectNode> edit) {
        synchronized (tableEdits) {
            return editTableLocked(g, edit);
        }
    }

    private long editTableLocked(
            GatewayAdminClient g,
            java.util.function.Function<TableSnapshot, com.fasterxml.jackson.databind.node.ObjectNode> edit) {
        TableVersionConflictException conflict = null;
        for (int attempt = 0; attempt < ConflictBackoff.TABLE_EDITS.attempts(); attempt++) {
            backOffAfter(attempt);
            TableSnapshot table = g.table();
            var edited = edit.apply(table);
            if (edited == null) {
                return table.version();
            }
            try {
                return g.replaceTable(edited, table.version());
            } catch (TableVersionConflictException e) {
                conflict = e;
            }
        }
        throw new StepFailedException(
                "table of " + g.base() + " kept changing (" + ConflictBackoff.TABLE_EDITS.attempts() + " attempts)",
                conflict);
    }

    /** Before attempt {@code attempt} (0-based) of a table edit: a jittered pause after each lost one. */
    private void backOffAfter(int attempt) {
        if (attempt > 0) {
            waiter.hold(
                    ConflictBackoff.TABLE_EDITS.delay(
                            attempt, java.util.concurrent.ThreadLocalRandom.current()::nextDouble),
                    () -> false);
        }
    }

    // ---- rollback

    /**
     * ROLLED_BACK for an upgraded or retired instance: the old version serving again at full weight. A live old
     * process (drained, not stopped) is resumed; a new one is drained and stopped, then the old version started.
     */
    String rollBackInPlace(Target t) {
        InstanceStatus status = status(t);
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
                stop(t);
            }
            start(t, fromVersion);
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
        return "removed and " + stop(t);
    }

    // ---- agent

    /** What the instance's agent reports about it; null when the agent does not know it. */
    InstanceStatus status(Target t) {
        try {
            return agents.apply(t.host()).status(t.instanceId());
        } catch (UnknownInstanceException e) {
            return null;
        }
    }

    private boolean isLive(Target t) {
        InstanceStatus s = status(t);
        return s != null && s.state().isLive();
    }
}
