package dev.nonstop.cli.demo;

import dev.nonstop.cli.ExitCodes;
import dev.nonstop.cli.support.DurationConverter;
import dev.nonstop.cli.support.InvalidOptionException;
import dev.nonstop.cli.support.LogFile;
import dev.nonstop.cli.support.LogOptions;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code nonstop demo}: shows a rolling restart under load with zero failed requests. The terminal shows the
 * progress and the report; the logs of the controller, gateway and agent go to {@code .nonstop/logs/demo-TIME.log}
 * (named when it starts), or to the terminal with {@code --verbose}.
 */
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
            "Exits 0 only when no request failed and nobody was logged out. Needs nothing but a JDK.",
            "--app spring releases the Spring Boot sample instead (login form, JPA, sessions in the",
            "store nonstop up offers); ./nonstop builds its jars in the source tree first. Its instances also",
            "consume numbered messages from an AMQP broker and from Kafka, run a job once cluster-wide every",
            "2 s and serve gRPC calls made through nonstop:///shop; the report adds messages published,",
            "processed, lost and duplicated per broker, job runs missed or doubled, RPC calls made and failed.",
            "The brokers run in a process of the demo (Kafka; AMQP: Qpid Broker-J, on Java 17-23); on Java 24+",
            "the AMQP messages go to a RabbitMQ at 127.0.0.1:5672 if one answers, else that part is not run.",
            "Logs go to a file under .nonstop/logs, named at start; --verbose shows them here."
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            ExitCodes.OK + ":no request failed and nobody was logged out",
            ExitCodes.FAILURE + ":a request failed, a user was logged out or the release did not succeed; with"
                    + " --app spring also: a message was lost, a job run missed or doubled or an RPC call failed",
            ExitCodes.USAGE + ":bad options: nothing was started"
        })
public final class DemoCommand implements Callable<Integer> {
    @Option(
            names = "--instances",
            defaultValue = "3",
            description = "instances behind the gateway (default: ${DEFAULT-VALUE})")
    int instances;

    /** The load connections of the sample app's demo. */
    static final int DEFAULT_CONNECTIONS = 16;

    @Option(
            names = "--connections",
            description = "load connections (default: " + DEFAULT_CONNECTIONS + "; with --app spring 2 per CPU core, at"
                    + " most " + DEFAULT_CONNECTIONS + ": each new Spring Boot instance starts on the cores the load"
                    + " keeps busy)")
    Integer connections;

    @Option(
            names = "--baseline",
            defaultValue = "3s",
            paramLabel = "DURATION",
            converter = DurationConverter.class,
            description = "load before the release, e.g. 3s (default: ${DEFAULT-VALUE})")
    Duration baseline;

    @Option(
            names = "--app",
            defaultValue = "sample",
            paramLabel = "APP",
            converter = AppConverter.class,
            description = "sample (the plain sample app, the default) or spring (the Spring Boot sample: form login,"
                    + " JPA, sessions in the store nonstop up offers)")
    DemoApp.Kind app;

    @Option(
            names = "--gateway-only",
            description =
                    "restart stand-in instances through the gateway alone, without the controller and the sample app")
    boolean gatewayOnly;

    @Option(
            names = "--strategy",
            defaultValue = "rolling",
            paramLabel = "STRATEGY",
            converter = StrategyConverter.class,
            description = "rolling (the default) or canary: a canary of the sample app with an office-network rule and"
                    + " 25/50/100% steps, and a canary of a faulty v2 rolled back by its gate")
    CanaryDemo.Strategy strategy;

    @Mixin
    LogOptions logs;

    /**
     * 16 for the sample app; for the Spring sample 2 per core, at most 16: a closed loop of 16 connections keeps two
     * cores busy, and a Spring Boot JVM starting beside it took minutes (126-179 s on a 2-core VM).
     */
    static int defaultConnections(DemoApp.Kind app) {
        return app == DemoApp.Kind.SPRING
                ? Math.min(DEFAULT_CONNECTIONS, 2 * Runtime.getRuntime().availableProcessors())
                : DEFAULT_CONNECTIONS;
    }

    @Override
    public Integer call() throws Exception {
        if (instances < 1 || instances > 20) {
            throw new InvalidOptionException("--instances", instances, "1-20");
        }
        int connections = this.connections != null ? this.connections : defaultConnections(app);
        if (connections < 1 || connections > 1000) {
            throw new InvalidOptionException("--connections", connections, "1-1000");
        }
        DurationConverter.requirePositive("--baseline", baseline);
        if (gatewayOnly && app != DemoApp.Kind.SAMPLE) {
            throw new InvalidOptionException(
                    "--app", "spring", "sample with --gateway-only (it runs stand-ins, no app)");
        }
        if (strategy == CanaryDemo.Strategy.CANARY && (gatewayOnly || app != DemoApp.Kind.SAMPLE)) {
            throw new InvalidOptionException(
                    "--strategy",
                    "canary",
                    "rolling with --gateway-only or --app spring (the canary runs the sample app)");
        }
        LogFile logFile;
        try {
            logFile = logs.open(Path.of(".nonstop", "logs"), "demo");
        } catch (IOException e) {
            System.err.println("nonstop demo: cannot write the logs: " + e.getMessage() + " (try --verbose)");
            return ExitCodes.FAILURE;
        }
        try (logFile) {
            logFile.announce(System.out);
            if (strategy == CanaryDemo.Strategy.CANARY) {
                return new CanaryDemo(instances, System.out).run();
            }
            if (!gatewayOnly) {
                return new ReleaseDemo(app, instances, connections, baseline, System.out).run();
            }
            try (RollingRestartDemo demo = new RollingRestartDemo(instances, connections, baseline, System.out)) {
                DemoReport report = demo.run();
                report.print(System.out);
                return report.failed() == 0 ? ExitCodes.OK : ExitCodes.FAILURE;
            }
        }
    }

    /** {@code rolling} or {@code canary}, any case. */
    static final class StrategyConverter implements ITypeConverter<CanaryDemo.Strategy> {
        @Override
        public CanaryDemo.Strategy convert(String value) {
            for (CanaryDemo.Strategy s : CanaryDemo.Strategy.values()) {
                if (s.name().equalsIgnoreCase(value.strip())) {
                    return s;
                }
            }
            throw new TypeConversionException("--strategy: " + value + " (expected: rolling or canary)");
        }
    }

    /** {@code sample} or {@code spring}, any case. */
    static final class AppConverter implements ITypeConverter<DemoApp.Kind> {
        @Override
        public DemoApp.Kind convert(String value) {
            for (DemoApp.Kind kind : DemoApp.Kind.values()) {
                if (kind.name().equalsIgnoreCase(value.strip())) {
                    return kind;
                }
            }
            throw new TypeConversionException("--app: " + value + " (expected: sample or spring)");
        }
    }
}
