package dev.nonstop.cli.demo;

import dev.nonstop.cli.ExitCodes;
import dev.nonstop.cli.up.Platform;
import dev.nonstop.cli.up.PlatformConfig;
import dev.nonstop.controller.api.ReleaseEvent;
import dev.nonstop.controller.release.spec.AppSettings;
import dev.nonstop.controller.release.spec.DrainPolicy;
import dev.nonstop.controller.release.spec.DrainSpec;
import dev.nonstop.controller.release.spec.HealthSpec;
import dev.nonstop.controller.release.spec.ReleaseSpec;
import dev.nonstop.controller.release.spec.SmokeCheck;
import dev.nonstop.controller.release.spec.WarmUpSpec;
import dev.nonstop.controller.release.state.InstanceStep;
import dev.nonstop.controller.store.RegisteredApp;
import dev.nonstop.controller.store.Release;
import dev.nonstop.controller.store.StepRecord;
import dev.nonstop.controller.store.StepStatus;
import dev.nonstop.testing.load.LoadGenerator;
import dev.nonstop.testing.load.LoadRun;
import dev.nonstop.testing.load.Report;
import dev.nonstop.testing.load.RequestSpec;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The embedded demo, as issue 3 describes it: the sample app v1 in three instances run by the
 * local agent behind the gateway, load with keep-alive GET, POST and slow requests plus users who
 * logged in, and a rolling release to v2 driven by the controller (drain observed, stop, deploy,
 * start, readiness, smoke check, warm-up). Reports failed requests, logged-out users, latency
 * before and during, each instance's drain time and the release's total time.
 */
final class ReleaseDemo {
    private static final String APP = "shop";
    private static final int USERS = 20;

    private final DemoApp.Kind kind;
    private final int instances;
    private final int connections;
    private final Duration baseline;
    private final PrintStream out;
    private DemoApp app;

    ReleaseDemo(DemoApp.Kind kind, int instances, int connections, Duration baseline, PrintStream out) {
        this.kind = kind;
        this.instances = instances;
        this.connections = connections;
        this.baseline = baseline;
        this.out = out;
    }

    /** @return the process exit code: 0 when no request failed and nobody was logged out */
    int run() throws Exception {
        Path dir = Files.createTempDirectory("nonstop-demo-");
        Path home = Path.of(System.getProperty("nonstop.home", "")).toAbsolutePath();
        app = switch (kind) {
            case SAMPLE -> DemoApp.sample(dir);
            case SPRING -> DemoApp.spring(home);
        };
        if (kind != DemoApp.Kind.SPRING) {
            return run(dir, null);
        }
        out.println("Starting the Spring sample's brokers and the ledger its instances share...");
        try (SpringWork work = SpringWork.start(home, dir, out)) {
            app = app.withEnv(work.env());
            return run(dir, work);
        }
    }

    /**
     * @param work the Spring sample's messages, job and gRPC calls; null for none
     */
    private int run(Path dir, SpringWork work) throws Exception {
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
                        freePortRange(instances, work == null ? 0 : SpringWork.GRPC_OFFSET),
                        app.readinessPath(),
                        app.env(),
                        List.of(),
                        List.of(),
                        Optional.empty(),
                        DrainSpec.DEFAULT,
                        // An app setting, as a team would set it once for a slow-starting app.
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
            if (work != null) {
                work.startTraffic(
                        URI.create("http://127.0.0.1:" + platform.apiAddress().getPort()),
                        Files.readString(config.dataDir().resolve("controller.token"))
                                .strip(),
                        APP);
                out.printf(
                        Locale.ROOT,
                        "  background: numbered messages to RabbitMQ and Kafka, gRPC calls through nonstop:///%s,"
                                + " the job %s every 2 s on one instance%n",
                        APP,
                        SpringWork.JOB);
            }

            try (LoggedInUsers users = new LoggedInUsers(gateway, USERS, app.login())) {
                users.start();
                out.printf(
                        Locale.ROOT,
                        "Load: %d keep-alive connections (%s) and %d logged-in users%n",
                        connections,
                        app.load().stream()
                                .map(r -> r.method() + " " + r.target())
                                .collect(java.util.stream.Collectors.joining(", ")),
                        USERS);
                Report before;
                try (LoadRun load = load(gateway, "before", baseline)) {
                    before = load.awaitCompletion(baseline.plusSeconds(30));
                }
                out.printf(Locale.ROOT, "  before the release: %s%n%n", before.summary());

                out.println("Rolling release v1 -> v2:");
                Release release;
                Report during;
                long start = System.nanoTime();
                try (LoadRun load = load(gateway, "during", Duration.ofMinutes(10))) {
                    release = platform.releases()
                            .start(spec(
                                    app,
                                    platform.store()
                                            .app(APP)
                                            .map(RegisteredApp::settings)
                                            .orElseThrow()));
                    platform.events().subscribe(release.id(), 0, e -> print(e.event()));
                    while (!platform.store()
                            .release(release.id())
                            .orElseThrow()
                            .state()
                            .isSettled()) {
                        Thread.sleep(20); // polling the release's recorded state
                    }
                    load.stop();
                    during = load.awaitCompletion(Duration.ofSeconds(30));
                }
                Duration total = Duration.ofNanos(System.nanoTime() - start);
                users.stop();
                if (work != null) {
                    work.stopTraffic();
                }
                Release ended = platform.store().release(release.id()).orElseThrow();
                return report(before, during, users, ended, platform.store().steps(release.id()), total, work);
            }
        }
    }

    /** The release of v2 over the app's stored settings (its readiness path and timeout), polling readiness often. */
    private static ReleaseSpec spec(DemoApp app, AppSettings settings) {
        ReleaseSpec.Builder builder = ReleaseSpec.builder(APP, "v2", app.v2()).appSettings(settings);
        HealthSpec health = builder.health();
        return builder.batchSize(1)
                .drain(Duration.ofSeconds(30), DrainPolicy.FAIL)
                .health(new HealthSpec(health.readinessPath(), health.timeout(), Duration.ofMillis(50)))
                .smokeChecks(List.of(SmokeCheck.get(app.smokePath(), 200)))
                .warmUp(new WarmUpSpec(List.of(25, 100), Duration.ofMillis(500), 0.01))
                .stopTimeout(Duration.ofSeconds(20))
                .build();
    }

    private void print(ReleaseEvent event) {
        if (event instanceof ReleaseEvent.InstanceMoved moved) {
            var t = moved.transition();
            out.printf(
                    Locale.ROOT,
                    "  %-8s %s -> %s%s%n",
                    t.instanceId(),
                    t.from(),
                    t.to(),
                    t.detail() == null || t.detail().isEmpty() ? "" : ": " + t.detail());
        } else if (event instanceof ReleaseEvent.StateChanged changed) {
            out.printf(Locale.ROOT, "  release  %s -> %s%n", changed.from(), changed.to());
        }
    }

    private int report(
            Report before,
            Report during,
            LoggedInUsers users,
            Release release,
            List<StepRecord> steps,
            Duration total,
            SpringWork work)
            throws java.sql.SQLException {
        out.println();
        out.println("Report");
        out.printf(
                Locale.ROOT,
                "  release                %s (%s -> %s)%n",
                release.state(),
                release.fromVersion(),
                release.toVersion());
        out.printf(
                Locale.ROOT,
                "  requests sent          %d (%d before, %d during the release)%n",
                before.sent() + during.sent(),
                before.sent(),
                during.sent());
        out.printf(Locale.ROOT, "  failed requests        %d%n", before.failed() + during.failed());
        out.printf(
                Locale.ROOT,
                "  users logged out       %d of %d (%d session checks)%n",
                users.loggedOut(),
                USERS,
                users.checks());
        out.printf(
                Locale.ROOT,
                "  latency before         p50 %s  p99 %s%n",
                ms(before.latency().p50()),
                ms(before.latency().p99()));
        out.printf(
                Locale.ROOT,
                "  latency during         p50 %s  p99 %s%n",
                ms(during.latency().p50()),
                ms(during.latency().p99()));
        for (StepRecord step : steps) {
            if (step.step() == InstanceStep.DRAINED
                    && step.status() == StepStatus.DONE
                    && step.finishedAt().isPresent()) {
                out.printf(
                        Locale.ROOT,
                        "  %-22s drained in %s%n",
                        step.instanceId(),
                        ms(Duration.between(step.startedAt(), step.finishedAt().get())));
            }
        }
        out.printf(Locale.ROOT, "  release total          %s%n", ms(total));
        long failed = before.failed() + during.failed();
        if (failed > 0) {
            out.println("  failures: " + during);
        }
        // The work off the HTTP path (Spring sample): after the lines above, which stay as they are.
        boolean workOk = work == null || work.report(out);
        boolean ok =
                failed == 0 && users.loggedOut() == 0 && release.state().name().equals("SUCCEEDED") && workOk;
        return ok ? ExitCodes.OK : ExitCodes.FAILURE;
    }

    private LoadRun load(URI gateway, String prefix, Duration duration) {
        LoadGenerator.Builder load = LoadGenerator.builder()
                .target("127.0.0.1", gateway.getPort())
                .connections(connections)
                .keepAlive(true)
                .requestIdPrefix(prefix);
        for (DemoApp.Weighted r : app.load()) {
            load.request(
                    r.weight(),
                    r.method().equals("POST")
                            ? RequestSpec.post(r.target(), r.bodyBytes())
                            : RequestSpec.get(r.target()));
        }
        if (app.rate() > 0) {
            load.rate(app.rate());
        }
        return load.maxRequests(50_000_000)
                .maxDuration(duration)
                .readTimeout(Duration.ofSeconds(10))
                .build()
                .start();
    }

    /**
     * The first of {@code n} consecutive free ports below the ephemeral range, the {@code n} ports {@code offset}
     * above them free too (the instances' gRPC ports) when the offset is not 0.
     */
    static int freePortRange(int n, int offset) throws IOException {
        for (int attempt = 0; attempt < 200; attempt++) {
            int base = 20000 + (int) (Math.random() * 10000);
            boolean free = true;
            for (int i = 0; i < n * (offset == 0 ? 1 : 2) && free; i++) {
                int p = i < n ? base + i : base + offset + i - n;
                try (ServerSocket socket = new ServerSocket(p, 1, java.net.InetAddress.getLoopbackAddress())) {
                    socket.setReuseAddress(true);
                } catch (IOException e) {
                    free = false;
                }
            }
            if (free) {
                return base;
            }
        }
        throw new IOException("no " + n + " consecutive free ports found between 20000 and 30000");
    }

    private static String ms(Duration d) {
        return String.format(Locale.ROOT, "%.1f ms", d.toNanos() / 1e6);
    }
}
