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
            "Starts instances of a small web app as real processes behind the gateway, drives load",
            "through it, restarts every instance one by one the Nonstop way (drain observed, stop,",
            "start, health check, back in rotation) and reports failed requests and latency.",
            "Needs nothing but a JDK."
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
        try (RollingRestartDemo demo = new RollingRestartDemo(instances, connections, before, System.out)) {
            DemoReport report = demo.run();
            report.print(System.out);
            return report.failed() == 0 ? 0 : 1;
        }
    }
}
