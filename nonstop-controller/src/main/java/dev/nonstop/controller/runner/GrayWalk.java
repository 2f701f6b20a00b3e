package dev.nonstop.controller.runner;

import dev.nonstop.controller.release.spec.Approval;
import dev.nonstop.controller.release.spec.EntryRule;
import dev.nonstop.controller.release.spec.GateSpec;
import dev.nonstop.controller.release.spec.GraySpec;
import dev.nonstop.controller.release.spec.PrometheusCheck;
import dev.nonstop.controller.release.spec.ReleaseStrategy;
import dev.nonstop.controller.release.spec.UserKey;
import dev.nonstop.controller.release.state.InstanceStep;
import dev.nonstop.controller.release.state.ReleaseState;
import dev.nonstop.controller.store.StepRecord;
import dev.nonstop.controller.store.StepStatus;
import dev.nonstop.gateway.contract.CookieRule;
import dev.nonstop.gateway.contract.GrayRouting;
import dev.nonstop.gateway.contract.GrayRule;
import dev.nonstop.gateway.contract.Group;
import dev.nonstop.gateway.contract.HeaderRule;
import dev.nonstop.gateway.contract.Member;
import dev.nonstop.gateway.contract.NetworkRule;
import dev.nonstop.gateway.contract.PercentKey;
import dev.nonstop.gateway.contract.PercentRule;
import dev.nonstop.gateway.contract.PinCookie;
import dev.nonstop.gateway.contract.client.GroupCounters;
import dev.nonstop.gateway.contract.client.LatencyHistogram;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * The traffic half of a gray release (canary, blue-green), around the instance walks of {@link ForwardWalk}:
 *
 * <ol>
 *   <li>(blue-green) {@code traffic@0 ROUTED}: the app's members become group {@code blue}, an empty group {@code
 *       green} is added, and gray routing sends everyone to blue (users pinned to it) but the entry rules to green;
 *   <li>the green instances started and verified straight on their ports ({@code GREEN} path: deployed, started,
 *       ready, smoke checks), with no traffic yet;
 *   <li>per traffic step {@code n} (canary: the spec's percentages; blue-green: one, the switch): {@code traffic@n
 *       ROUTED} puts the green members in group {@code green} with the routing of the step (entry rules, then a
 *       percentage of users by the user key; blue-green: everyone not pinned to blue); {@code GATED} holds the step
 *       for its duration and judges green's error ratio and p99 from the gateways' group counters (the end's minus
 *       the start's, over every gateway), optionally against blue's; {@code APPROVED} waits for an operator (the
 *       release is PAUSED until {@code approve}, which resumes it);
 *   <li>(blue-green) {@code traffic@window HELD}: blue kept warm while users pinned to it stay, for the maximum blue
 *       time (the gate still watched);
 *   <li>{@code traffic@promote ROUTED}: all traffic to green; then the blue instances are retired (drained, which moves
 *       users pinned to blue to green at their next request, stopped, removed);
 *   <li>{@code traffic@final ROUTED}: one plain group, no gray routing.
 * </ol>
 *
 * <p>A failed step (a gate, a green instance, a drain) rolls back: {@code traffic@back ROUTED} sends all traffic to
 * blue, then every touched instance is put back by {@link ReleaseRollback} (green drained, removed and stopped; a
 * blue instance already retired started again), then {@code traffic@back-final ROUTED} removes the green group and
 * the routing. Every row is in the release's step log like an instance's: a controller taking the release over
 * passes the DONE rows and runs the STARTED one again (a gate's window starts over), so the release resumes at its
 * step.
 */
final class GrayWalk {
    static final String BLUE = "blue";
    static final String GREEN = "green";
    static final String ROW_PREFIX = "traffic@";

    /** Fewest requests on green before a gate fails in the middle of its window. */
    static final long EARLY_FAILURE_REQUESTS = 100;

    private final ReleaseRun run;
    private final GraySpec gray;
    private final GatewayTables tables;
    private final Waiter waiter;
    private final Clock clock;
    private final List<TrafficListener> listeners;
    private final String app;
    private final Map<String, StepRecord> last = new LinkedHashMap<>();
    private final Set<String> done = new HashSet<>();

    GrayWalk(ReleaseRun run, Clock clock, List<TrafficListener> listeners) {
        this.run = run;
        this.gray = run.release().spec().gray();
        this.tables = run.actions().tables();
        this.waiter = run.actions().waiter();
        this.clock = clock;
        this.listeners = List.copyOf(listeners);
        this.app = run.release().app();
        for (StepRecord r : run.store().steps(run.release().id())) {
            if (r.instanceId().startsWith(ROW_PREFIX)) {
                last.put(r.instanceId(), r);
                if (r.status() == StepStatus.DONE) {
                    done.add(r.instanceId() + "/" + r.step());
                }
            }
        }
    }

    /** Whether a traffic row of this release failed (a gate): the release must roll back. */
    Optional<String> failedRow() {
        return last.values().stream()
                .filter(r -> r.status() == StepStatus.FAILED && !r.instanceId().startsWith(ROW_PREFIX + "back"))
                .map(r -> r.instanceId() + " " + r.step() + ": " + r.detail())
                .findFirst();
    }

    /**
     * Walks the release forward to its end: green started, every traffic step gated, blue retired.
     *
     * @throws StepFailedException when an instance step or a gate failed
     * @throws ReleaseControl.Interrupt when an operator aborted or rolled back the release
     */
    void forward(List<ParallelWalk.Task<InstanceWork>> green, List<ParallelWalk.Task<InstanceWork>> blue) {
        List<InstanceWork> greenWork =
                green.stream().map(ParallelWalk.Task::item).toList();
        boolean blueGreen = gray.strategy() == ReleaseStrategy.BLUE_GREEN;
        if (blueGreen) {
            row(ROW_PREFIX + 0, InstanceStep.ROUTED, resumed -> route(List.of(), routing(BLUE, false, 0), "opened"));
        }
        new ForwardWalk(run).walk(green);
        List<Integer> steps = gray.trafficSteps();
        for (int i = 0; i < steps.size(); i++) {
            int n = i + 1;
            int percent = steps.get(i);
            String row = ROW_PREFIX + n;
            row(row, InstanceStep.ROUTED, resumed -> {
                String detail = blueGreen
                        ? route(
                                greenWork,
                                routing(GREEN, false, 0),
                                "switched: new users to green, users pinned" + " to blue stay there for "
                                        + human(gray.blueStay()))
                        : route(greenWork, routing(BLUE, true, percent), "green " + percent + "% of users");
                tell(
                        blueGreen ? TrafficListener.Kind.SWITCHED : TrafficListener.Kind.STEP_STARTED,
                        n,
                        percent,
                        detail,
                        null);
                return detail;
            });
            row(row, InstanceStep.GATED, resumed -> gate(n, percent, gray.stepDuration()));
            if (gray.approval() == Approval.MANUAL) {
                row(row, InstanceStep.APPROVED, resumed -> approval(n, percent, resumed));
            }
        }
        if (blueGreen) {
            row(ROW_PREFIX + "window", InstanceStep.HELD, resumed -> window());
        }
        row(ROW_PREFIX + "promote", InstanceStep.ROUTED, resumed -> {
            String detail = route(greenWork, routing(GREEN, false, 0), "all traffic to green; retiring blue");
            tell(TrafficListener.Kind.PROMOTED, 0, 100, detail, null);
            return detail;
        });
        new ForwardWalk(run).walk(blue);
        row(ROW_PREFIX + "final", InstanceStep.ROUTED, resumed -> {
            List<Long> versions = tables.editApp(app, a -> {
                List<Group> groups = a.groups().stream()
                        .filter(g -> g.name().equals(GREEN) || !g.members().isEmpty())
                        .toList();
                return a.withGroups(groups).withRouting(null);
            });
            return "one group, no gray routing; table versions " + versions;
        });
    }

    /**
     * Sends all traffic back to blue, before the instances are put back: new requests and users pinned to green go to
     * blue as soon as green drains. Nothing when green never got into the tables.
     */
    void backToBlue() {
        row(ROW_PREFIX + "back", InstanceStep.ROUTED, false, resumed -> {
            List<Long> versions = tables.editApp(
                    app,
                    // no blue group: this release never routed (a green group is a previous release's, promoted)
                    a -> a.group(GREEN).isEmpty() || a.group(BLUE).isEmpty()
                            ? a
                            : a.withRouting(new GrayRouting(BLUE, List.of(), pin(), gray.trustedForwardedHops())));
            String detail = "all traffic to blue; table versions " + versions;
            tell(TrafficListener.Kind.BACK_TO_BLUE, 0, 0, detail, null);
            return detail;
        });
    }

    /** After a rollback put the instances back: the green group and the routing out of the tables. */
    void clearGreen() {
        row(ROW_PREFIX + "back-final", InstanceStep.ROUTED, false, resumed -> {
            List<Long> versions = tables.editApp(app, a -> {
                if (a.group(GREEN).isEmpty() && a.routing() == null) {
                    return a;
                }
                List<Group> groups = a.groups().stream()
                        .filter(g -> !g.name().equals(GREEN) || !g.members().isEmpty())
                        .toList();
                return a.withGroups(groups).withRouting(null);
            });
            return "green group and gray routing removed; table versions " + versions;
        });
    }

    // ---- rows

    /** The action of a traffic row's step; {@code resumed}: a previous owner recorded it STARTED and died. */
    @FunctionalInterface
    private interface RowAction {
        String run(boolean resumed);
    }

    /** Runs {@code step} of {@code row} through the step log, unless it is DONE already. */
    private void row(String row, InstanceStep step, RowAction action) {
        row(row, step, true, action);
    }

    /**
     * Runs {@code step} of {@code row} through the step log, unless it is DONE already.
     *
     * @param forward a step of the forward walk: it waits while the release is paused, and its waits end on an
     *     abort or a rollback; a rollback's steps are not stopped by the state they are in
     */
    private void row(String row, InstanceStep step, boolean forward, RowAction action) {
        if (done.contains(row + "/" + step)) {
            return;
        }
        StepRecord previous = last.get(row);
        if (forward && previous != null && previous.status() == StepStatus.FAILED && previous.step() == step) {
            throw new StepFailedException(row + " " + step + " failed before the take-over: " + previous.detail());
        }
        boolean resumed = previous != null && previous.status() == StepStatus.STARTED && previous.step() == step;
        Supplier<String> s = () -> action.run(resumed);
        if (!forward) {
            run.steps().runRow(row, step, s);
            done.add(row + "/" + step);
            return;
        }
        run.control().betweenSteps(() -> false);
        // the waits of the step (a gate's hold) race the operator's commands, as the instance walks' waits do
        run.control().startWalking(() -> false);
        try {
            run.steps().runRow(row, step, s);
        } finally {
            run.control().stopWalking();
        }
        done.add(row + "/" + step);
    }

    // ---- routing

    /** The routing of a step: everyone to {@code defaultGroup}, the entry rules to green, and a percentage. */
    private GrayRouting routing(String defaultGroup, boolean withPercent, int percent) {
        List<GrayRule> rules = new ArrayList<>();
        if (defaultGroup.equals(BLUE)) {
            for (EntryRule rule : gray.entryRules()) {
                rules.add(
                        switch (rule.kind()) {
                            case HEADER -> new HeaderRule(rule.name(), rule.value(), GREEN);
                            case COOKIE -> new CookieRule(rule.name(), rule.value(), GREEN);
                            case NETWORK -> new NetworkRule(rule.cidrs(), GREEN);
                        });
            }
            if (withPercent) {
                rules.add(new PercentRule(percent, percentKey(gray.userKey()), GREEN));
            }
        }
        return new GrayRouting(defaultGroup, rules, pin(), gray.trustedForwardedHops());
    }

    /**
     * The pin cookie of this release: {@code NONSTOP_GROUP_} and the start of the release id. Group names repeat
     * from one release to the next ({@code green} is promoted, the next release starts another {@code green}), so a
     * pin of an earlier release must not send its user straight to a later release's green group.
     */
    private PinCookie pin() {
        String id = run.release().id().toString().replace("-", "");
        return new PinCookie(PinCookie.DEFAULT_NAME + "_" + id.substring(0, Math.min(8, id.length())), null);
    }

    private static PercentKey percentKey(UserKey key) {
        return switch (key.kind()) {
            case COOKIE -> PercentKey.cookie(key.name());
            case HEADER -> PercentKey.header(key.name());
            case CLIENT_ADDRESS -> PercentKey.clientAddress();
        };
    }

    /**
     * The app as two groups: {@code blue}, every member that is not green (their states and weights kept), and
     * {@code green}, the green instances (added ACTIVE at full weight, or kept as they are), with {@code routing}.
     */
    private String route(List<InstanceWork> greenWork, GrayRouting routing, String what) {
        String from = run.release().fromVersion();
        String to = run.release().toVersion();
        List<Long> versions = tables.editApp(app, a -> {
            Set<String> greenIds = new HashSet<>();
            List<Member> green = new ArrayList<>();
            Map<String, Member> current = new LinkedHashMap<>();
            a.members().forEach(m -> current.put(m.id(), m));
            for (InstanceWork w : greenWork) {
                InstanceActions.Target t = w.target;
                greenIds.add(t.memberId());
                green.add(current.getOrDefault(
                        t.memberId(),
                        new Member(
                                t.memberId(),
                                t.host(),
                                t.port(),
                                WarmUpRamp.FULL_WEIGHT,
                                dev.nonstop.gateway.contract.MemberState.ACTIVE)));
            }
            // members of this release that are green already (a resumed step) stay green; the green group a
            // previous release promoted is this release's blue
            String ownSurge = "-" + ReleaseRunner.shortId(run.release().id()) + "-s";
            a.group(GREEN).ifPresent(g -> g.members().stream()
                    .filter(m -> !greenIds.contains(m.id()) && m.id().contains(ownSurge))
                    .forEach(m -> {
                        greenIds.add(m.id());
                        green.add(m);
                    }));
            List<Member> blue =
                    a.members().filter(m -> !greenIds.contains(m.id())).toList();
            return a.withGroups(List.of(new Group(BLUE, from, blue), new Group(GREEN, to, green)))
                    .withRouting(routing);
        });
        return what + "; table versions " + versions;
    }

    // ---- gates

    /** Holds the step for {@code hold}, then judges green; fails at once when green already fails its threshold. */
    private String gate(int n, int percent, Duration hold) {
        GateSpec spec = gray.gate();
        List<Map<String, GroupCounters>> before = tables.groupStats(app);
        AtomicReference<GateResult> early = new AtomicReference<>();
        boolean held = waiter.withMaxInterval(Duration.ofMillis(500)).hold(hold, () -> {
            GateResult r = judge(spec, before, false);
            if (!r.passed()) {
                early.set(r);
                return true;
            }
            return false;
        });
        GateResult result = held ? judge(spec, before, true) : early.get();
        String detail = "step " + n + " (" + percent + "%) gate " + result;
        tell(
                result.passed() ? TrafficListener.Kind.GATE_PASSED : TrafficListener.Kind.GATE_FAILED,
                n,
                percent,
                detail,
                result);
        if (!result.passed()) {
            throw new StepFailedException(detail);
        }
        return detail;
    }

    /** Blue-green: blue warm while users pinned to it stay; the gate is still watched; users on blue reported. */
    private String window() {
        GateSpec spec = gray.gate();
        List<Map<String, GroupCounters>> before = tables.groupStats(app);
        AtomicReference<GateResult> early = new AtomicReference<>();
        Instant[] told = {Instant.MIN};
        boolean held = waiter.withMaxInterval(Duration.ofMillis(500)).hold(gray.blueStay(), () -> {
            GateResult r = judge(spec, before, false);
            if (!r.passed()) {
                early.set(r);
                return true;
            }
            Instant now = clock.instant();
            if (Duration.between(told[0], now).compareTo(Duration.ofSeconds(2)) >= 0) {
                told[0] = now;
                tell(TrafficListener.Kind.USERS, 1, 100, r.blueUsers() + " users still on blue", r);
            }
            return false;
        });
        GateResult result = held ? judge(spec, before, false) : early.get();
        String detail =
                "rollback window " + human(gray.blueStay()) + " " + (result.passed() ? "ended" : "gate") + " " + result;
        if (!result.passed()) {
            tell(TrafficListener.Kind.GATE_FAILED, 1, 100, detail, result);
            throw new StepFailedException(detail);
        }
        return detail;
    }

    /**
     * The gate's verdict on the window since {@code before}. In the middle of the window ({@code end} false) it fails
     * only on an error ratio above the threshold over at least {@link #EARLY_FAILURE_REQUESTS} requests (and the
     * minimum); at its end on every threshold.
     */
    GateResult judge(GateSpec spec, List<Map<String, GroupCounters>> before, boolean end) {
        List<Map<String, GroupCounters>> now = tables.groupStats(app);
        Window green = window(GREEN, before, now);
        Window blue = window(BLUE, before, now);
        String reason = null;
        double ratio = green.requests == 0 ? 0 : (double) green.failures / green.requests;
        double blueRatio = blue.requests == 0 ? 0 : (double) blue.failures / blue.requests;
        Duration p99 = green.latency.quantile(0.99);
        Duration blueP99 = blue.latency.quantile(0.99);
        if (!end) {
            if (spec.maxErrorRatio().isPresent()
                    && green.requests >= Math.max(EARLY_FAILURE_REQUESTS, spec.minRequests())
                    && ratio > spec.maxErrorRatio().getAsDouble()) {
                reason = String.format(
                        java.util.Locale.ROOT,
                        "green error ratio %.4f > maxErrorRatio %s after %d requests",
                        ratio,
                        spec.maxErrorRatio().getAsDouble(),
                        green.requests);
            }
        } else if (green.requests < spec.minRequests()) {
            reason = "inconclusive: green served " + green.requests + " requests (expected: >= minRequests "
                    + spec.minRequests() + ")";
        } else if (spec.maxErrorRatio().isPresent()
                && ratio > spec.maxErrorRatio().getAsDouble()) {
            reason = String.format(
                    java.util.Locale.ROOT,
                    "green error ratio %.4f > maxErrorRatio %s",
                    ratio,
                    spec.maxErrorRatio().getAsDouble());
        } else if (spec.maxP99().isPresent()
                && green.requests > 0
                && p99.compareTo(spec.maxP99().get()) > 0) {
            reason = "green p99 " + p99.toMillis() + " ms > maxP99 "
                    + spec.maxP99().get().toMillis() + " ms";
        } else if (spec.compareWithBlue() && blue.requests > 0 && green.requests > 0) {
            double allowed = blueRatio + spec.maxErrorRatio().orElse(0);
            if (ratio > allowed) {
                reason = String.format(
                        java.util.Locale.ROOT,
                        "green error ratio %.4f > blue's %.4f + maxErrorRatio",
                        ratio,
                        blueRatio);
            } else if (p99.compareTo(blueP99.multipliedBy(2)) > 0
                    && p99.compareTo(LatencyHistogram.BOUNDS.get(0)) > 0) {
                reason = "green p99 " + p99.toMillis() + " ms > twice blue's " + blueP99.toMillis() + " ms";
            }
        }
        String prometheus = null;
        if (end && reason == null && spec.prometheus().isPresent()) {
            // at the step's end only: the query looks back over its own range, and Prometheus is not asked every 500 ms
            PrometheusCheck check = spec.prometheus().get();
            String query =
                    check.resolve(app, run.release().toVersion(), run.release().fromVersion());
            PrometheusGate.Verdict v = PrometheusGate.check(check, query, clock.instant());
            prometheus = v.figures();
            reason = v.failure();
        }
        return new GateResult(
                reason == null,
                reason == null ? "met" : reason,
                green.requests,
                green.failures,
                p99,
                blue.requests,
                blue.failures,
                blueP99,
                green.activeUsers,
                blue.activeUsers,
                prometheus);
    }

    /** One group's counters over a window, added up over the gateways. */
    private record Window(long requests, long failures, LatencyHistogram latency, long activeUsers) {}

    private static Window window(
            String group, List<Map<String, GroupCounters>> before, List<Map<String, GroupCounters>> now) {
        long requests = 0;
        long failures = 0;
        long users = 0;
        List<LatencyHistogram> latencies = new ArrayList<>();
        for (int i = 0; i < now.size(); i++) {
            GroupCounters end = now.get(i).get(group);
            if (end == null) {
                continue;
            }
            GroupCounters start = i < before.size() ? before.get(i).get(group) : null;
            GroupCounters d = start == null ? end : end.minus(start);
            requests += d.requests();
            failures += d.failures();
            users += d.activeUsers();
            latencies.add(d.latency());
        }
        return new Window(requests, failures, LatencyHistogram.merge(latencies), users);
    }

    // ---- approval

    /**
     * Waits for an operator's approval: the release is PAUSED ({@code approve} resumes it). A step a previous owner
     * started, found RUNNING, was approved meanwhile.
     */
    private String approval(int n, int percent, boolean resumed) {
        Instant asked = clock.instant();
        if (!(resumed && run.control().current() == ReleaseState.RUNNING)) {
            tell(
                    TrafficListener.Kind.AWAITING_APPROVAL,
                    n,
                    percent,
                    "step " + n + " (" + percent + "%) passed its" + " gate: waiting for nonstop release approve",
                    null);
            run.control().moveIfStill(ReleaseState.RUNNING, ReleaseState.PAUSED);
        }
        run.control().betweenSteps(() -> false);
        String detail =
                "approved after " + Duration.between(asked, clock.instant()).toMillis() + " ms";
        tell(TrafficListener.Kind.APPROVED, n, percent, "step " + n + " (" + percent + "%) " + detail, null);
        return detail;
    }

    private void tell(TrafficListener.Kind kind, int step, int percent, String detail, GateResult gate) {
        for (TrafficListener l : listeners) {
            try {
                l.traffic(run.release().id(), kind, step, percent, detail, gate);
            } catch (RuntimeException e) {
                // a listener never stops the release
            }
        }
    }

    private static String human(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }
}
