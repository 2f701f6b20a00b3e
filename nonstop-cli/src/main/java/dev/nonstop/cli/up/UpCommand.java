package dev.nonstop.cli.up;

import dev.nonstop.common.config.ConfigException;
import dev.nonstop.common.problem.Problem;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code nonstop up}: the controller, the gateway, a local agent and the embedded store, in one process. */
@Command(
        name = "up",
        mixinStandardHelpOptions = true,
        description = {
            "Runs the controller, the gateway and a local agent in one process, from nonstop.yaml.",
            "The embedded setup: controller (REST API, releases, H2 store under the data directory),",
            "gateway with its admin API, and a local agent that starts the configured apps' instances.",
            "Reads ./nonstop.yaml, or --config FILE; without either, a built-in default with no apps",
            "(see --print-default). Stops gracefully on SIGTERM or Ctrl-C."
        })
public final class UpCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(
            names = {"-c", "--config"},
            paramLabel = "FILE",
            description = "the nonstop.yaml to run")
    Path config;

    @Option(names = "--print-default", description = "print the built-in default nonstop.yaml and exit")
    boolean printDefault;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        if (printDefault) {
            spec.commandLine().getOut().print(PlatformConfig.DEFAULT_YAML);
            spec.commandLine().getOut().flush();
            return 0;
        }
        PlatformConfig platformConfig;
        try {
            Path file = config != null ? config : Path.of("nonstop.yaml");
            if (config != null || Files.exists(file)) {
                // A file that is missing, unreadable or not UTF-8 is a problem named with the file.
                platformConfig = PlatformConfigLoader.load(file);
            } else {
                err.println("nonstop up: no nonstop.yaml here: running the built-in default (no apps yet);"
                        + " start from it with: nonstop up --print-default > nonstop.yaml");
                platformConfig = PlatformConfigLoader.parse(
                        "(built-in default)",
                        PlatformConfig.DEFAULT_YAML,
                        Path.of("").toAbsolutePath());
            }
        } catch (ConfigException e) {
            err.println("nonstop up: " + e.source() + ": " + e.problems().size() + " problem(s):");
            for (Problem p : e.problems()) {
                err.println("  " + p);
            }
            err.flush();
            return 2;
        }

        PrintStream out = System.out;
        out.println("nonstop up: starting (data in " + platformConfig.dataDir() + ")");
        Platform platform;
        try {
            platform = Platform.start(platformConfig, out);
        } catch (Exception e) {
            err.println("nonstop up: cannot start: " + e.getMessage());
            err.flush();
            return 1;
        }
        Path data = platformConfig.dataDir();
        out.println("  gateway     http://" + show(platform.gatewayAddress()));
        out.println("  gateway API http://" + show(platform.adminAddress()) + "  (token: "
                + data.resolve("gateway.token") + ")");
        out.println("  controller  http://" + show(platform.apiAddress()) + "  (token: "
                + data.resolve("controller.token") + ")");
        out.println("nonstop up: ready; release with: nonstop release start APP --version V --artifact JAR");
        out.flush();

        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            System.err.println("nonstop up: stopping");
                            try {
                                platform.close();
                            } finally {
                                stopped.countDown();
                                System.out.flush();
                                System.err.flush();
                                Runtime.getRuntime().halt(0);
                            }
                        },
                        "nonstop-up-stop"));
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }

    private static String show(java.net.InetSocketAddress address) {
        return address.getHostString() + ":" + address.getPort();
    }
}
