package dev.nonstop.cli;

import dev.nonstop.cli.support.CommandErrors;
import dev.nonstop.cli.support.StopSignal;
import dev.nonstop.common.config.ConfigException;
import dev.nonstop.common.config.ConfigValues;
import dev.nonstop.common.token.BearerToken;
import dev.nonstop.gateway.Gateway;
import dev.nonstop.gateway.admin.AdminServer;
import dev.nonstop.gateway.config.GatewayConfig;
import dev.nonstop.gateway.config.GatewayConfigLoader;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code nonstop gateway --config FILE}: runs a gateway and its admin API until SIGTERM or SIGINT,
 * then stops gracefully (in-flight exchanges finish, up to {@code timeouts.shutdown}) and exits 0.
 * A bad config file prints every problem to stderr and exits 2 without starting anything.
 */
@Command(
        name = "gateway",
        mixinStandardHelpOptions = true,
        description = {
            "Runs the gateway alone, from a gateway YAML file.",
            "An HTTP reverse proxy whose members drain, weigh and route at runtime,",
            "and its admin API (loopback by default; bearer token from admin.tokenFile).",
            "Prints one line with both addresses on stdout; stops gracefully on SIGTERM or Ctrl-C."
        })
final class GatewayCommand implements Callable<Integer> {
    private static final Logger log = LoggerFactory.getLogger(GatewayCommand.class);

    @Spec
    CommandSpec spec;

    @Option(
            names = {"-c", "--config"},
            required = true,
            paramLabel = "FILE",
            description = "Gateway config (YAML). See example-gateway.yaml.")
    Path config;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        GatewayConfig gatewayConfig;
        BearerToken token;
        try {
            gatewayConfig = GatewayConfigLoader.load(config);
            token = AdminServer.token(gatewayConfig.admin());
        } catch (ConfigException e) {
            return CommandErrors.printProblems(err, spec.qualifiedName(), e);
        } catch (IOException e) {
            err.println(spec.qualifiedName() + ": admin token: " + e);
            return ExitCodes.FAILURE;
        }

        Gateway gateway;
        try {
            gateway = Gateway.start(gatewayConfig.settings(), gatewayConfig.table());
        } catch (RuntimeException e) {
            err.println(spec.qualifiedName() + ": cannot start the proxy on "
                    + show(gatewayConfig.settings().listen()) + ": " + e.getMessage());
            log.debug("proxy start failed", e);
            return ExitCodes.FAILURE;
        }
        AdminServer admin;
        try {
            admin = AdminServer.start(gatewayConfig.admin().listen(), token, gateway);
        } catch (UncheckedIOException | IllegalStateException e) {
            err.println(spec.qualifiedName() + ": cannot start the admin API: " + e.getMessage());
            gateway.close();
            return ExitCodes.FAILURE;
        }

        out.println(
                "nonstop gateway: proxy http://" + show(gateway.address()) + " admin http://" + show(admin.address()));
        out.flush();
        return StopSignal.await("nonstop-stop", () -> stop(gateway, admin, gatewayConfig));
    }

    /** Runs in the shutdown hook: the admin API first (no more changes), then the proxy, gracefully. */
    private static void stop(Gateway gateway, AdminServer admin, GatewayConfig config) {
        log.info(
                "stopping: waiting up to {} for in-flight requests",
                ConfigValues.formatDuration(config.settings().shutdownTimeout()));
        try {
            admin.close();
            boolean clean = gateway.shutdownGracefully(config.settings().shutdownTimeout());
            gateway.close();
            if (clean) {
                log.info("stopped");
            } else {
                log.warn("stopped; some exchanges were still open at the shutdown timeout and were closed");
            }
        } catch (RuntimeException e) {
            log.error("stop failed", e);
        }
    }

    private static String show(InetSocketAddress address) {
        String host = address.getAddress() == null
                ? address.getHostString()
                : address.getAddress().getHostAddress();
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + address.getPort();
    }
}
