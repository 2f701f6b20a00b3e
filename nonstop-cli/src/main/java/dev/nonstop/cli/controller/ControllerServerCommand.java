package dev.nonstop.cli.controller;

import dev.nonstop.agent.contract.client.AgentClient;
import dev.nonstop.cli.ExitCodes;
import dev.nonstop.cli.support.CommandErrors;
import dev.nonstop.cli.support.DurationConverter;
import dev.nonstop.cli.support.StopSignal;
import dev.nonstop.common.config.ConfigException;
import dev.nonstop.common.config.FieldReader;
import dev.nonstop.common.problem.Problem;
import dev.nonstop.common.token.BearerToken;
import dev.nonstop.controller.Controller;
import dev.nonstop.controller.ControllerSettings;
import dev.nonstop.controller.api.ControllerApiServer;
import dev.nonstop.gateway.contract.client.GatewayAdminClient;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code nonstop controller --config controller.yaml}: one controller of a multi-host setup. Any
 * number may run against one PostgreSQL store: each serves the API, the one holding a release's
 * lease runs it, and every controller's recovery scanner takes over releases whose owner died. The
 * leases live in the store's database unless {@code leases:} names Redis, ZooKeeper or etcd. (The commands that
 * call a running controller's API are {@code nonstop release ...} and {@code nonstop status}.)
 */
@Command(
        name = "controller",
        mixinStandardHelpOptions = true,
        description = {
            "Runs one controller of a multi-host setup, from controller.yaml.",
            "Several controllers on one PostgreSQL store are multi-active: any accepts a release, the one",
            "holding its lease runs it, and the others take it over when its owner dies."
        })
public final class ControllerServerCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(
            names = {"-c", "--config"},
            required = true,
            paramLabel = "FILE",
            description = "the controller.yaml")
    Path config;

    @Option(
            names = "--scan-interval",
            defaultValue = "5s",
            paramLabel = "DURATION",
            converter = DurationConverter.class,
            description = "how often to look for releases without a live owner (default: ${DEFAULT-VALUE})")
    Duration scanInterval;

    @Override
    public Integer call() {
        Duration scan = DurationConverter.requirePositive("--scan-interval", scanInterval);
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        String command = spec.qualifiedName();
        ControllerConfig c;
        try {
            c = ControllerConfigLoader.load(config);
        } catch (ConfigException e) {
            return CommandErrors.printProblems(err, command, e);
        }
        // The gateways' and agents' tokens are read before anything starts: an unusable token file is a problem of
        // the config, named by its field, like any other (exit 2), not a failure to start.
        List<Problem> tokenProblems = new ArrayList<>();
        List<String> gatewayTokens = new ArrayList<>();
        for (int i = 0; i < c.gateways().size(); i++) {
            gatewayTokens.add(token(
                    c.gateways().get(i).tokenFile(), FieldReader.index("gateways", i) + ".tokenFile", tokenProblems));
        }
        Map<String, String> agentTokens = new HashMap<>();
        for (var e : c.agents().entrySet()) {
            agentTokens.put(
                    e.getKey(),
                    token(
                            e.getValue().tokenFile(),
                            FieldReader.join("agents", e.getKey()) + ".tokenFile",
                            tokenProblems));
        }
        if (!tokenProblems.isEmpty()) {
            return CommandErrors.printProblems(err, command, config, tokenProblems);
        }
        Controller controller;
        try {
            controller = Controller.start(settings(c, scan, gatewayTokens, agentTokens));
        } catch (IOException | RuntimeException e) {
            err.println(command + ": cannot start: " + e.getMessage());
            return ExitCodes.FAILURE;
        }
        out.println("nonstop controller " + c.controllerId() + ": API http://"
                + c.listen().getHostString() + ":"
                + controller.address().getPort() + " (token: " + c.tokenFile() + "), "
                + c.gateways().size()
                + " gateway(s), " + c.agents().size() + " agent(s), leases: " + leasesName(c.leases()));
        out.flush();
        return StopSignal.await("nonstop-controller-stop", controller::close);
    }

    /**
     * The token in {@code file}, stripped; or "" with a problem naming {@code field} when the file is missing, a
     * directory, unreadable, not UTF-8 or empty.
     */
    private static String token(Path file, String field, List<Problem> problems) {
        String why;
        if (Files.isDirectory(file)) {
            why = "a directory";
        } else {
            try {
                String token = StandardCharsets.UTF_8
                        .newDecoder()
                        .decode(ByteBuffer.wrap(Files.readAllBytes(file)))
                        .toString()
                        .strip();
                if (!token.isEmpty()) {
                    return token;
                }
                why = "empty";
            } catch (NoSuchFileException e) {
                why = "no such file";
            } catch (AccessDeniedException e) {
                why = "permission denied";
            } catch (CharacterCodingException e) {
                why = "not UTF-8 text";
            } catch (IOException e) {
                why = "cannot read: " + e.getMessage();
            }
        }
        problems.add(Problem.of(field, file + " (" + why + ")", "a readable file holding that API's token"));
        return "";
    }

    private static String read(Path tokenFile) throws IOException {
        if (tokenFile == null || !Files.isRegularFile(tokenFile)) {
            throw new IOException("token file " + tokenFile + " does not exist");
        }
        return Files.readString(tokenFile).trim();
    }

    /** The controller's settings from its config and the peers' tokens read from it (the API's is created when missing). */
    static ControllerSettings settings(
            ControllerConfig c, Duration scanInterval, List<String> gatewayTokens, Map<String, String> agentTokens)
            throws IOException {
        List<GatewayAdminClient> gateways = new ArrayList<>();
        for (int i = 0; i < c.gateways().size(); i++) {
            gateways.add(GatewayAdminClient.of(c.gateways().get(i).url(), gatewayTokens.get(i)));
        }
        Map<String, AgentClient> agents = new HashMap<>();
        for (var e : c.agents().entrySet()) {
            agents.put(e.getKey(), AgentClient.create(e.getValue().url(), agentTokens.get(e.getKey())));
        }
        BearerToken.readOrCreate(c.appTokenFile(), ControllerApiServer.TOKEN_NAME);
        return ControllerSettings.builder()
                .id(c.controllerId())
                .listen(c.listen())
                .token(BearerToken.readOrCreate(c.tokenFile(), ControllerApiServer.TOKEN_NAME))
                .store(ControllerSettings.Store.jdbc(c.store(), c.storeUser(), c.storePassword()))
                .leases(LeaseBackends.of(c.leases()))
                .gateways(gateways)
                .agents((host, fence) -> {
                    AgentClient agent = agents.get(host);
                    if (agent == null) {
                        throw new IllegalStateException("no agent configured for host " + host
                                + " (controller.yaml agents: " + agents.keySet() + ")");
                    }
                    return agent.fenced(fence);
                })
                .appToken(read(c.appTokenFile()))
                .scanInterval(scanInterval)
                .warmUp(c.warmUp())
                .build();
    }

    private static String leasesName(ControllerConfig.Leases leases) {
        return switch (leases) {
            case ControllerConfig.Leases.Jdbc jdbc -> "the store's database";
            case ControllerConfig.Leases.Redis redis ->
                "redis " + redis.uri().getHost() + ":" + redis.uri().getPort();
            case ControllerConfig.Leases.ZooKeeper zk -> "zookeeper " + zk.connect();
            case ControllerConfig.Leases.Etcd etcd -> "etcd " + etcd.endpoints();
        };
    }
}
