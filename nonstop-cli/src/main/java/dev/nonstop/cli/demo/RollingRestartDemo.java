package dev.nonstop.cli.demo;

import dev.nonstop.gateway.Gateway;
import dev.nonstop.gateway.GatewaySettings;
import dev.nonstop.gateway.contract.App;
import dev.nonstop.gateway.contract.HealthCheck;
import dev.nonstop.gateway.contract.Member;
import dev.nonstop.gateway.contract.MemberState;
import dev.nonstop.gateway.contract.Route;
import dev.nonstop.gateway.contract.RoutingTable;
import dev.nonstop.gateway.stats.MemberStats;
import dev.nonstop.testing.load.LoadGenerator;
import dev.nonstop.testing.load.LoadRun;
import dev.nonstop.testing.load.Report;
import dev.nonstop.testing.load.RequestSpec;
import dev.nonstop.testing.upstream.UpstreamProcess;
import dev.nonstop.testing.upstream.UpstreamProcessOptions;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.BooleanSupplier;

/**
 * The embedded demo: instances as real processes behind an in-process gateway, load with
 * keep-alive GET, POST and slow requests, and a rolling restart done the Nonstop way: drain
 * (observed: in-flight reaches zero), stop with SIGTERM, start again, wait for the health check,
 * put back in rotation. Until the controller exists, the gateway API drives the steps directly.
 */
final class RollingRestartDemo implements AutoCloseable {
    private static final Duration STEP_TIMEOUT = Duration.ofSeconds(30);

    private final int instanceCount;
    private final int connections;
    private final Duration baseline;
    private final PrintStream out;
    private final List<UpstreamProcess> instances = new ArrayList<>();
    private Gateway gateway;

    RollingRestartDemo(int instanceCount, int connections, Duration baseline, PrintStream out) {
        this.instanceCount = instanceCount;
        this.connections = connections;
        this.baseline = baseline;
        this.out = out;
    }

    DemoReport run() throws InterruptedException {
        out.printf(Locale.ROOT, "Starting %d instances and the gateway...%n", instanceCount);
        List<Member> members = new ArrayList<>();
        for (int i = 1; i <= instanceCount; i++) {
            UpstreamProcess process = UpstreamProcess.start(
                    UpstreamProcessOptions.builder().id("app-" + i).build());
            instances.add(process);
            members.add(Member.active(process.id(), "127.0.0.1", process.port()));
            out.printf(Locale.ROOT, "  %s  pid %d  127.0.0.1:%d%n", process.id(), process.pid(), process.port());
        }
        App app = App.of("demo", members.toArray(Member[]::new))
                .withHealthCheck(new HealthCheck("/health", Duration.ofMillis(100), Duration.ofSeconds(1), 1, 2));
        gateway = Gateway.start(
                GatewaySettings.builder().listen("127.0.0.1", 0).eventLoops(2).build(),
                new RoutingTable(1, List.of(Route.any("demo")), List.of(app)));
        out.printf(
                Locale.ROOT,
                "  gateway  http://127.0.0.1:%d%n%n",
                gateway.address().getPort());

        out.printf(Locale.ROOT, "Load: %d keep-alive connections, GET, POST and slow requests%n", connections);
        Report before;
        try (LoadRun load = load("before", baseline)) {
            before = load.awaitCompletion(baseline.plusSeconds(30));
        }
        out.printf(Locale.ROOT, "  before the release: %s%n%n", before.summary());

        out.println("Rolling restart, one instance at a time:");
        List<DemoReport.InstanceTimes> times = new ArrayList<>();
        long releaseStart = System.nanoTime();
        Report during;
        try (LoadRun load = load("during", Duration.ofMinutes(10))) {
            for (UpstreamProcess instance : instances) {
                times.add(restart(instance));
            }
            load.stop();
            during = load.awaitCompletion(Duration.ofSeconds(30));
        }
        Duration total = Duration.ofNanos(System.nanoTime() - releaseStart);
        return new DemoReport(before, during, times, total);
    }

    private DemoReport.InstanceTimes restart(UpstreamProcess instance) {
        String id = instance.id();
        MemberStats stats = gateway.stats().find(id);
        long start = System.nanoTime();
        int inFlight = stats.inFlight();
        gateway.setMemberState(id, MemberState.DRAINING, null);
        out.printf(
                Locale.ROOT,
                "  %s  DRAINING (table v%d in force, %d in flight)%n",
                id,
                gateway.versionInForce(),
                inFlight);
        awaitCondition(() -> stats.inFlight() == 0, id + " to drain");
        Duration drain = Duration.ofNanos(System.nanoTime() - start);
        out.printf(Locale.ROOT, "  %s  DRAINED after %.1f ms, stopping (SIGTERM)%n", id, drain.toNanos() / 1e6);
        instance.terminate();
        instance.restart();
        out.printf(Locale.ROOT, "  %s  STARTED pid %d, waiting for its health check%n", id, instance.pid());
        awaitCondition(stats::healthy, id + " to pass its health check");
        gateway.setMemberState(id, MemberState.ACTIVE, null);
        Duration back = Duration.ofNanos(System.nanoTime() - start);
        out.printf(Locale.ROOT, "  %s  ACTIVE again after %.1f ms%n", id, back.toNanos() / 1e6);
        return new DemoReport.InstanceTimes(id, drain, back, inFlight);
    }

    /** Polls an observed condition; the demo's waits are bounded, never fixed sleeps. */
    private static void awaitCondition(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + STEP_TIMEOUT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new IllegalStateException("timed out waiting for " + what);
            }
            Thread.onSpinWait();
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted waiting for " + what, e);
            }
        }
    }

    private LoadRun load(String prefix, Duration duration) {
        return LoadGenerator.builder()
                .target("127.0.0.1", gateway.address().getPort())
                .connections(connections)
                .keepAlive(true)
                .cookies(true)
                .requestIdPrefix(prefix)
                .request(6, RequestSpec.get("/catalog"))
                .request(3, RequestSpec.post("/cart", 1024))
                .request(1, RequestSpec.slowGet("/checkout", Duration.ofMillis(200)))
                .maxRequests(50_000_000)
                .maxDuration(duration)
                .readTimeout(Duration.ofSeconds(10))
                .build()
                .start();
    }

    @Override
    public void close() {
        if (gateway != null) {
            gateway.shutdownGracefully(Duration.ofSeconds(5));
        }
        instances.forEach(UpstreamProcess::close);
    }
}
