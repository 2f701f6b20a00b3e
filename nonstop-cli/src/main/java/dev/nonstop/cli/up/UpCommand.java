package dev.nonstop.cli.up;

import dev.nonstop.cli.ExitCodes;
import dev.nonstop.cli.support.CommandErrors;
import dev.nonstop.cli.support.LogFile;
import dev.nonstop.cli.support.LogOptions;
import dev.nonstop.cli.support.StopSignal;
import dev.nonstop.common.config.ConfigException;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
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
            "(see --print-default). Stops gracefully on SIGTERM or Ctrl-C.",
            "Logs go to a file under the data directory, named at start; --verbose shows them here."
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

    @Mixin
    LogOptions logs;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        String command = spec.qualifiedName();
        if (printDefault) {
            spec.commandLine().getOut().print(PlatformConfig.DEFAULT_YAML);
            spec.commandLine().getOut().flush();
            return ExitCodes.OK;
        }
        PlatformConfig platformConfig;
        try {
            Path file = config != null ? config : Path.of("nonstop.yaml");
            if (config != null || Files.exists(file)) {
                // A file that is missing, unreadable or not UTF-8 is a problem named with the file.
                platformConfig = PlatformConfigLoader.load(file);
            } else {
                err.println(command + ": no nonstop.yaml here: running the built-in default (no apps yet);"
                        + " start from it with: nonstop up --print-default > nonstop.yaml");
                platformConfig = PlatformConfigLoader.parse(
                        "(built-in default)",
                        PlatformConfig.DEFAULT_YAML,
                        Path.of("").toAbsolutePath());
            }
        } catch (ConfigException e) {
            return CommandErrors.printProblems(err, command, e);
        }

        PrintStream out = System.out;
        out.println(command + ": starting (data in " + platformConfig.dataDir() + ")");
        // The logs go under the data directory, made owner-only first as the platform would (it holds the tokens).
        LogFile logFile;
        try {
            Path logDir = Platform.privateDirectory(
                    Platform.privateDirectory(platformConfig.dataDir()).resolve("logs"));
            logFile = logs.open(logDir, "up");
        } catch (IOException e) {
            err.println(command + ": cannot start: " + e.getMessage());
            err.flush();
            return ExitCodes.FAILURE;
        }
        logFile.announce(out);
        Platform platform;
        try {
            platform = Platform.start(platformConfig, out);
        } catch (Exception e) {
            err.println(command + ": cannot start: " + e.getMessage()
                    + logFile.file().map(f -> " (logs: " + f + ")").orElse(""));
            err.flush();
            return ExitCodes.FAILURE;
        }
        Path data = platformConfig.dataDir();
        out.println("  gateway     http://" + show(platform.gatewayAddress()));
        out.println("  gateway API http://" + show(platform.adminAddress()) + "  (token: "
                + data.resolve("gateway.token") + ")");
        out.println("  controller  http://" + show(platform.apiAddress()) + "  (token: "
                + data.resolve("controller.token") + ")");
        out.println(command + ": ready; release with: nonstop release start APP --version V --artifact JAR");
        out.flush();

        return StopSignal.await("nonstop-up-stop", () -> {
            System.err.println(command + ": stopping");
            platform.close();
        });
    }

    private static String show(java.net.InetSocketAddress address) {
        return address.getHostString() + ":" + address.getPort();
    }
}
