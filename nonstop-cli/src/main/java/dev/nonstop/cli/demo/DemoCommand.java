package dev.nonstop.cli.demo;

import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code nonstop demo}: shows a rolling restart under load with zero failed requests. */
@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        description = {
            "Shows a release under load: the sample app v1 -> v2, zero failed requests, nobody logged out.",
            "Starts the embedded setup (controller, gateway, local agent, H2 store) with the sample app",
            "v1 in several instances, drives load through the gateway (keep-alive GET, POST and slow",
            "requests, and logged-in users), performs a rolling release to v2 (drain observed, stop,",
            "deploy, start, readiness, smoke check, warm-up) and reports failed requests, logged-out",
            "users, latency before and during, drain times and the release's total time.",
            "Exits 0 only when no request failed and nobody was logged out. Needs nothing but a JDK."
        })
public final class DemoCommand implements Callable<Integer> {
    @Option(
            names = "--instances",
            defaultValue = "3",
            description = "instances behind the gateway (default: ${DEFAULT-VALUE})")
    int instances;

    @Option(names = "--connections", defaultValue = "16", description = "load connections (default: ${DEFAULT-VALUE})")
    int connections;

    @Option(
            names = "--baseline",
            defaultValue = "3s",
            description = "load before the release, e.g. 3s (default: ${DEFAULT-VALUE})")
    String baseline;

    @Option(
            names = "--gateway-only",
            description =
                    "restart stand-in instances through the gateway alone, without the controller and the sample app")
    boolean gatewayOnly;

    @Override
    public Integer call() throws Exception {
        if (instances < 1 || instances > 20) {
            System.err.println("nonstop demo: --instances: " + instances + " (expected: 1-20)");
            return 2;
        }
        if (connections < 1 || connections > 1000) {
            System.err.println("nonstop demo: --connections: " + connections + " (expected: 1-1000)");
            return 2;
        }
        Duration before;
        try {
            before = Duration.parse("PT" + baseline.toUpperCase(java.util.Locale.ROOT));
        } catch (java.time.format.DateTimeParseException e) {
            System.err.println("nonstop demo: --baseline: " + baseline + " (expected: a duration like 3s)");
            return 2;
        }
        if (!gatewayOnly) {
            return new ReleaseDemo(instances, connections, before, System.out).run();
        }
        try (RollingRestartDemo demo = new RollingRestartDemo(instances, connections, before, System.out)) {
            DemoReport report = demo.run();
            report.print(System.out);
            return report.failed() == 0 ? 0 : 1;
        }
    }
}
