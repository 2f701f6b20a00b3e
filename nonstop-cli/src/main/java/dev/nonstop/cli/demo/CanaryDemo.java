package dev.nonstop.cli.demo;

import dev.nonstop.cli.ExitCodes;
import dev.nonstop.cli.up.Platform;
import dev.nonstop.cli.up.PlatformConfig;
import dev.nonstop.controller.api.ReleaseEvent;
import dev.nonstop.controller.api.ReleaseEvents;
import dev.nonstop.controller.release.spec.AppSettings;
import dev.nonstop.controller.release.spec.Approval;
import dev.nonstop.controller.release.spec.DrainPolicy;
import dev.nonstop.controller.release.spec.DrainSpec;
import dev.nonstop.controller.release.spec.EntryRule;
import dev.nonstop.controller.release.spec.GateSpec;
import dev.nonstop.controller.release.spec.GraySpec;
import dev.nonstop.controller.release.spec.HealthSpec;
import dev.nonstop.controller.release.spec.ReleaseSpec;
import dev.nonstop.controller.release.spec.ReleaseStrategy;
import dev.nonstop.controller.release.spec.SmokeCheck;
import dev.nonstop.controller.release.spec.UserKey;
import dev.nonstop.controller.runner.GateResult;
import dev.nonstop.controller.runner.TrafficListener;
import dev.nonstop.controller.store.RegisteredApp;
import dev.nonstop.controller.store.Release;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * {@code nonstop demo --strategy canary}: two canary releases of the sample app through the embedded platform, with
 * simulated users (each its own cookie jar) sending requests through the gateway the whole time.
 *
 * <ol>
 *   <li>A canary of v2: an office-network entry rule (10.0.0.0/8, read from {@code X-Forwarded-For} with one trusted
 *       hop, since everything runs on loopback), then 25%, 50% and 100% of users, each step held a few seconds and
 *       gated on green's error ratio and p99; at the end blue (v1) is retired. New users arrive at each step, so the
 *       share of new users on v2 follows the step; users already pinned stay where they are.
 *   <li>A canary of v3 whose {@code GET /version} answers 500 (the sample app's {@code SAMPLE_FAIL_SMOKE}, set in the
 *       app's settings for that release only): its gate fails at the first step and the controller rolls it back to
 *       v2. Counted: the requests that failed other than v3's own 500s (must be 0).
 * </ol>
 *
 * <p>Each user records the version header of every response. A user "switched version" when a response came from
 * another version than its first one while the rollout ran (from its first response until the rollout was decided:
 * the last step's gate passed, or a gate failed; the promotion or the rollback that follows changes the tables before
 * its own event arrives here); moves after that (users pinned to blue moved once when blue retires, users
 * of a rolled-back green moved once back to blue) are counted and shown apart. Each canary has its own new users
 * (fresh cookie jars): the gateway's pin cookie names a group, and a user pinned to {@code green} by the first
 * release would be sent to the second release's green from its first step.
 */
final class CanaryDemo {
    private static final String APP = "shop";
    private static final List<Integer> STEPS = List.of(25, 50, 100);
    private static final Duration STEP_DURATION = Duration.ofSeconds(3);
    private static final int USERS_PER_STEP = 100;
    private static final int OFFICE_USERS = 8;
    private static final String OFFICE_NETWORK = "10.0.0.0/8";
    private static final double MAX_ERROR_RATIO = 0.01;
    private static final Duration MAX_P99 = Duration.ofSeconds(2); // a shared 2-core machine: p99 reached 750 ms once
    private static final int GREEN_INSTANCES = 2;

    /** The choices of {@code nonstop demo --strategy}. */
    enum Strategy {
        ROLLING,
        CANARY
    }

    private final int instances;
    private final PrintStream out;
    private final List<String> problems = new ArrayList<>();

    CanaryDemo(int instances, PrintStream out) {
        this.instances = instances;
        this.out = out;
    }

    /** What one canary showed. */
    private record Outcome(Release release, List<ReleaseEvent.Traffic> traffic, CanaryUsers users, Duration took) {

        Optional<ReleaseEvent.Traffic> first(TrafficListener.Kind kind) {
            return traffic.stream().filter(t -> t.kind() == kind).findFirst();
        }
    }

    /** @return the exit code: 0 when both canaries did what they must */
    int run() throws Exception {
        Path dir = Files.createTempDirectory("nonstop-demo-canary-");
        DemoApp app = DemoApp.sample(dir);
        PlatformConfig config = new PlatformConfig(
                dir.resolve(".nonstop"),
                InetSocketAddress.createUnresolved("127.0.0.1", 0),
                InetSocketAddress.createUnresolved("127.0.0.1", 0),
                InetSocketAddress.createUnresolved("127.0.0.1", 0),
                "h2",
                "",
                "",
                List.of(new PlatformConfig.AppConfig(
                        APP,
                        "v1",
                        app.v1(),
                        instances,
                        ReleaseDemo.freePortRange(instances, 0),
                        app.readinessPath(),
                        app.env(),
                        List.of(),
                        List.of(),
                        Optional.empty(),
                        DrainSpec.DEFAULT,
                        Optional.of(app.readinessTimeout()))));
        out.printf(
                Locale.ROOT,
                "Starting the controller, the gateway and %d instances of %s v1...%n",
                instances,
                app.label());
        try (Platform platform = Platform.start(config, out)) {
            URI gateway =
                    URI.create("http://127.0.0.1:" + platform.gatewayAddress().getPort());
            out.printf(
                    Locale.ROOT,
                    "  gateway %s, controller API http://127.0.0.1:%d%n%n",
                    gateway,
                    platform.apiAddress().getPort());
            out.printf(
                    Locale.ROOT,
                    "Users: each with its own cookies, GET / and GET /version every %d ms; their client address is"
                            + " read from X-Forwarded-For (1 trusted hop: everything here is on loopback):"
                            + " office users send 10.1.x.y, the others 203.0.113.x.%n",
                    300);
            out.printf(
                    Locale.ROOT,
                    "Canary: %d green instances, office network %s first, then %s%% of users, each step held %d s,"
                            + " gate: error ratio <= %s, p99 <= %d ms. %d new users arrive at each step (the share"
                            + " of them on the new version follows the step, give or take chance); users already"
                            + " pinned keep their version.%n%n",
                    GREEN_INSTANCES,
                    OFFICE_NETWORK,
                    STEPS.stream().map(String::valueOf).collect(java.util.stream.Collectors.joining(",")),
                    STEP_DURATION.toSeconds(),
                    MAX_ERROR_RATIO,
                    MAX_P99.toMillis(),
                    USERS_PER_STEP);

            AppSettings settings =
                    platform.store().app(APP).map(RegisteredApp::settings).orElseThrow();
            out.println("Canary 1, v1 -> v2:");
            Outcome good = canary(platform, gateway, settings, "v2", app.v2(), false);
            out.println();
            out.println("Canary 2, a faulty v3 (GET /version answers 500: SAMPLE_FAIL_SMOKE in the app's settings):");
            Path v3 = DemoApp.extract("nonstop-sample-app-v3.jar", dir);
            Map<String, String> faultyEnv = new HashMap<>(settings.env());
            faultyEnv.put("SAMPLE_FAIL_SMOKE", "true");
            platform.store()
                    .updateAppSettings(
                            APP,
                            new AppSettings(
                                    settings.readinessPath(),
                                    settings.readinessTimeout(),
                                    settings.smokeChecks(),
                                    settings.drain(),
                                    settings.jvmArgs(),
                                    settings.args(),
                                    faultyEnv));
            Outcome faulty;
            try {
                faulty = canary(platform, gateway, settings, "v3", v3, true);
            } finally {
                platform.store().updateAppSettings(APP, settings);
            }
            out.println();
            out.println("Report");
            reportGood(good);
            reportFaulty(faulty);
            if (!problems.isEmpty()) {
                out.println("  not as it must be:");
                problems.forEach(p -> out.println("    " + p));
                return ExitCodes.FAILURE;
            }
            return ExitCodes.OK;
        }
    }

    private Outcome canary(
            Platform platform, URI gateway, AppSettings settings, String version, Path jar, boolean faulty)
            throws Exception {
        List<ReleaseEvent.Traffic> traffic = new CopyOnWriteArrayList<>();
        CanaryUsers users = new CanaryUsers(gateway);
        if (faulty) {
            users.faultyVersion(version);
        }
        long start = System.nanoTime();
        Release release;
        try (users) {
            release = platform.releases().start(spec(jar, settings, version));
            try (ReleaseEvents.Subscription events = platform.events().subscribe(release.id(), 0, e -> {
                ReleaseEvent event = e.event();
                if (event instanceof ReleaseEvent.Traffic t) {
                    traffic.add(t);
                    onTraffic(t, users);
                } else if (event instanceof ReleaseEvent.StateChanged changed) {
                    out.printf(Locale.ROOT, "  release  %s -> %s%n", changed.from(), changed.to());
                }
            })) {
                long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
                while (!platform.store()
                        .release(release.id())
                        .orElseThrow()
                        .state()
                        .isSettled()) {
                    if (System.nanoTime() > deadline) {
                        problems.add("release " + release.id() + " did not end within 5 minutes");
                        break;
                    }
                    Thread.sleep(20); // polling the release's recorded state
                }
                // every user asks once more after the end, so that the report shows where it ended
                long settledAt = users.requests();
                long tail = System.nanoTime() + Duration.ofSeconds(10).toNanos();
                while (users.requests() < settledAt + 2L * users.users().size() && System.nanoTime() < tail) {
                    Thread.sleep(20); // polling the users' request count
                }
            }
        }
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        return new Outcome(platform.store().release(release.id()).orElseThrow(), traffic, users, took);
    }

    private void onTraffic(ReleaseEvent.Traffic t, CanaryUsers users) {
        switch (t.kind()) {
            case STEP_STARTED -> {
                if (t.step() == 1) {
                    users.start("office", OFFICE_USERS, true);
                }
                users.start("step" + t.step(), USERS_PER_STEP, false);
                out.printf(
                        Locale.ROOT,
                        "  step %d: %s; %d new users arrive%s%n",
                        t.step(),
                        t.detail(),
                        USERS_PER_STEP,
                        t.step() == 1 ? " and " + OFFICE_USERS + " office users" : "");
            }
            case GATE_PASSED, GATE_FAILED -> {
                if (t.kind() == TrafficListener.Kind.GATE_FAILED || t.percent() == 100) {
                    // The rollout is decided: what follows is the promotion or the rollback, whose table change
                    // lands before its event reaches us; a user sent there by it is counted apart, as moved.
                    users.mark();
                }
                GateResult g = t.gate().orElse(null);
                out.printf(
                        Locale.ROOT,
                        "  step %d: gate %s%s%n",
                        t.step(),
                        t.kind() == TrafficListener.Kind.GATE_PASSED ? "passed" : "FAILED",
                        g == null
                                ? ""
                                : String.format(
                                        Locale.ROOT,
                                        ": green %d requests, error ratio %.3f, p99 %d ms; blue %d requests%s",
                                        g.greenRequests(),
                                        g.greenErrorRatio(),
                                        g.greenP99().toMillis(),
                                        g.blueRequests(),
                                        t.detail().isEmpty() ? "" : " (" + t.detail() + ")"));
            }
            case PROMOTED, BACK_TO_BLUE -> {
                users.mark();
                out.printf(Locale.ROOT, "  %s%n", t.detail());
            }
            default -> out.printf(Locale.ROOT, "  %s: %s%n", t.kind(), t.detail());
        }
    }

    private static ReleaseSpec spec(Path jar, AppSettings settings, String version) {
        ReleaseSpec.Builder builder = ReleaseSpec.builder(APP, version, jar).appSettings(settings);
        HealthSpec health = builder.health();
        GraySpec gray = new GraySpec(
                ReleaseStrategy.CANARY,
                STEPS,
                STEP_DURATION,
                new GateSpec(OptionalDouble.of(MAX_ERROR_RATIO), Optional.of(MAX_P99), 0, false),
                List.of(EntryRule.network(List.of(OFFICE_NETWORK))),
                UserKey.DEFAULT,
                Approval.NONE,
                Optional.of(GREEN_INSTANCES),
                GraySpec.DEFAULT_ROLLBACK_WINDOW,
                Optional.empty(),
                1);
        return builder.drain(Duration.ofSeconds(30), DrainPolicy.FAIL)
                .health(new HealthSpec(health.readinessPath(), health.timeout(), Duration.ofMillis(50)))
                // straight to each green instance: GET / (the faulty v3 fails only GET /version, its users see it)
                .smokeChecks(List.of(SmokeCheck.get("/", 200)))
                .stopTimeout(Duration.ofSeconds(20))
                .gray(gray)
                .build();
    }

    private void reportGood(Outcome o) {
        CanaryUsers users = o.users();
        String to = o.release().toVersion();
        List<CanaryUsers.User> office = users.cohort("office");
        long officeOnGreen = office.stream()
                .filter(u -> u.versions().stream().allMatch(to::equals) && to.equals(u.first()))
                .count();
        StringBuilder steps = new StringBuilder();
        for (int i = 0; i < STEPS.size(); i++) {
            List<CanaryUsers.User> cohort = users.cohort("step" + (i + 1));
            long onGreen = cohort.stream().filter(u -> to.equals(u.first())).count();
            long answered = cohort.stream().filter(u -> u.first() != null).count();
            steps.append(String.format(
                    Locale.ROOT,
                    "new users on %s at %d%%: %d%% (%d of %d); ",
                    to,
                    STEPS.get(i),
                    answered == 0 ? 0 : Math.round(100.0 * onGreen / answered),
                    onGreen,
                    answered));
            if (answered < cohort.size()) {
                problems.add("step " + (i + 1) + ": " + (cohort.size() - answered) + " users got no answer");
            }
        }
        long switched =
                users.users().stream().filter(u -> u.changesBeforeMark() > 0).count();
        long movedOnce = users.users().stream()
                .filter(u -> u.changesAfterMark() == 1 && to.equals(u.last()))
                .count();
        long movedBadly = users.users().stream()
                .filter(u -> u.changesAfterMark() > 1 || (u.changesAfterMark() == 1 && !to.equals(u.last())))
                .count();
        long failed = users.users().stream().mapToLong(u -> u.failures().size()).sum();
        long requests = users.requests();
        out.printf(
                Locale.ROOT,
                "  canary: %s (%s -> %s) in %.1f s; office users on %s: %d of %d; %susers who switched version: %d;"
                        + " failed requests: %d of %d%n",
                o.release().state(),
                o.release().fromVersion(),
                to,
                o.took().toMillis() / 1000.0,
                to,
                officeOnGreen,
                office.size(),
                steps,
                switched,
                failed,
                requests);
        out.printf(
                Locale.ROOT,
                "  canary: users pinned to %s moved once to %s when blue retired: %d; users moved more than once"
                        + " or back: %d (a switch counts from a user's first response until %s's last gate passed)%n",
                o.release().fromVersion(),
                to,
                movedOnce,
                movedBadly,
                to);
        if (!o.release().state().name().equals("SUCCEEDED")) {
            problems.add("canary: the release ended " + o.release().state()
                    + o.release().error().map(e -> ": " + e).orElse(""));
        }
        if (office.isEmpty() || officeOnGreen != office.size()) {
            problems.add("canary: " + (office.size() - officeOnGreen) + " office users were not on " + to + " only");
        }
        if (switched > 0 || movedBadly > 0) {
            problems.add("canary: users switched version: " + examples(users, true));
        }
        if (failed > 0) {
            problems.add("canary: failed requests: " + failures(users));
        }
    }

    private void reportFaulty(Outcome o) {
        CanaryUsers users = o.users();
        String to = o.release().toVersion();
        Optional<ReleaseEvent.Traffic> gateFailed = o.first(TrafficListener.Kind.GATE_FAILED);
        long own = users.users().stream().mapToLong(CanaryUsers.User::ownErrors).sum();
        long failed = users.users().stream().mapToLong(u -> u.failures().size()).sum();
        long switched =
                users.users().stream().filter(u -> u.changesBeforeMark() > 0).count();
        long movedBack = users.users().stream()
                .filter(u ->
                        u.changesAfterMark() == 1 && o.release().fromVersion().equals(u.last()))
                .count();
        String gate = gateFailed
                .map(t -> String.format(
                        Locale.ROOT,
                        "gate failed at %d%% (error ratio %.3f > %s over %d green requests)",
                        t.percent(),
                        t.gate().map(GateResult::greenErrorRatio).orElse(Double.NaN),
                        MAX_ERROR_RATIO,
                        t.gate().map(GateResult::greenRequests).orElse(0L)))
                .orElse("gate did not fail");
        String from = o.release().fromVersion();
        List<CanaryUsers.User> newUsers = users.cohort("step1");
        long onGreen = newUsers.stream().filter(u -> to.equals(u.first())).count();
        long onBlue = newUsers.stream().filter(u -> from.equals(u.first())).count();
        out.printf(
                Locale.ROOT,
                "  canary with a faulty %s: %s, %s; new users on %s: %d of %d, on %s: %d;"
                        + " %s's own errors (GET /version 500): %d;"
                        + " failed requests other than %s's own errors: %d of %d; users who switched version: %d;"
                        + " users moved once back to %s by the rollback: %d%n",
                to,
                gate,
                o.release().state().name().equals("ROLLED_BACK")
                        ? "rolled back"
                        : "ended " + o.release().state(),
                to,
                onGreen,
                newUsers.size(),
                from,
                onBlue,
                to,
                own,
                to,
                failed,
                users.requests(),
                switched,
                o.release().fromVersion(),
                movedBack);
        if (gateFailed.isEmpty()) {
            problems.add("faulty canary: its gate did not fail");
        }
        if (!o.release().state().name().equals("ROLLED_BACK")) {
            problems.add("faulty canary: the release ended " + o.release().state() + ", not ROLLED_BACK");
        }
        if (onBlue == 0 || onGreen == 0) {
            problems.add("faulty canary: the new users were not split between " + from + " and " + to + " (" + onBlue
                    + " on " + from + ", " + onGreen + " on " + to + ")");
        }
        if (own == 0) {
            problems.add("faulty canary: no user saw " + to + "'s errors: green got no traffic");
        }
        if (failed > 0) {
            problems.add("faulty canary: failed requests other than " + to + "'s own: " + failures(users));
        }
        if (switched > 0) {
            problems.add("faulty canary: users switched version: " + examples(users, false));
        }
    }

    private static String examples(CanaryUsers users, boolean afterToo) {
        return users.users().stream()
                .filter(u -> u.changesBeforeMark() > 0 || (afterToo && u.changesAfterMark() > 1))
                .limit(5)
                .map(u -> u.name + " " + u.versions())
                .toList()
                .toString();
    }

    private static String failures(CanaryUsers users) {
        return users.users().stream()
                .flatMap(u -> u.failures().stream().map(f -> u.name + ": " + f))
                .limit(5)
                .toList()
                .toString();
    }
}
