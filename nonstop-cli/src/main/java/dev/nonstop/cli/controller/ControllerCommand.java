package dev.nonstop.cli.controller;

import dev.nonstop.agent.api.AgentClient;
import dev.nonstop.controller.api.ApiToken;
import dev.nonstop.controller.api.ControllerApiServer;
import dev.nonstop.controller.api.ReleaseEvents;
import dev.nonstop.controller.client.GatewayAdminClient;
import dev.nonstop.controller.service.ReleaseService;
import dev.nonstop.controller.store.ControllerStore;
import dev.nonstop.coordination.LockService;
import dev.nonstop.coordination.jdbc.JdbcLeaseStore;
import dev.nonstop.coordination.lease.LeaseLockService;
import dev.nonstop.gateway.config.ConfigException;
import dev.nonstop.gateway.config.FieldReader;
import dev.nonstop.gateway.routing.Problem;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code nonstop controller --config controller.yaml}: one controller of a multi-host setup. Any
 * number may run against one PostgreSQL store: each serves the API, the one holding a release's
 * lease runs it, and every controller's recovery scanner takes over releases whose owner died.
 */
@Command(
        name = "controller",
        mixinStandardHelpOptions = true,
        description = {
            "Runs one controller of a multi-host setup, from controller.yaml.",
            "Several controllers on one PostgreSQL store are multi-active: any accepts a release, the one",
            "holding its lease runs it, and the others take it over when its owner dies."
        })
public final class ControllerCommand implements Callable<Integer> {
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
            description = "how often to look for releases without a live owner (default: ${DEFAULT-VALUE})")
    String scanInterval;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        ControllerConfig c;
        try {
            c = ControllerConfigLoader.load(config);
        } catch (ConfigException e) {
            err.println(
                    "nonstop controller: " + e.source() + ": " + e.problems().size() + " problem(s):");
            e.problems().stream().map(Problem::toString).forEach(p -> err.println("  " + p));
            return 2;
        }
        Duration scan = dev.nonstop.gateway.config.ConfigValues.parseDuration(scanInterval)
                .orElse(null);
        if (scan == null || scan.isZero() || scan.isNegative()) {
            err.println(
                    "nonstop controller: --scan-interval: " + scanInterval + " (expected: a duration > 0, e.g. 5s)");
            return 2;
        }
        // The gateways' and agents' tokens are read before anything starts: an unusable token file is a problem of
        // the config, named by its field, like any other (exit 2), not a failure to start.
        List<Problem> tokenProblems = new ArrayList<>();
        List<String> gatewayTokens = new ArrayList<>();
        for (int i = 0; i < c.gateways().size(); i++) {
            gatewayTokens.add(token(
                    c.gateways().get(i).tokenFile(), FieldReader.index("gateways", i) + ".tokenFile", tokenProblems));
        }
        Map<String, String> agentTokens = new java.util.HashMap<>();
        for (var e : c.agents().entrySet()) {
            agentTokens.put(
                    e.getKey(),
                    token(
                            e.getValue().tokenFile(),
                            FieldReader.join("agents", e.getKey()) + ".tokenFile",
                            tokenProblems));
        }
        if (!tokenProblems.isEmpty()) {
            err.println("nonstop controller: " + config + ": " + tokenProblems.size() + " problem(s):");
            tokenProblems.stream().map(Problem::toString).forEach(p -> err.println("  " + p));
            return 2;
        }
        List<AutoCloseable> parts = new ArrayList<>();
        try {
            List<GatewayAdminClient> gateways = new ArrayList<>();
            for (int i = 0; i < c.gateways().size(); i++) {
                gateways.add(GatewayAdminClient.of(c.gateways().get(i).url(), gatewayTokens.get(i)));
            }
            Map<String, AgentClient> agents = new java.util.HashMap<>();
            for (var e : c.agents().entrySet()) {
                agents.put(e.getKey(), AgentClient.create(e.getValue().url(), agentTokens.get(e.getKey())));
            }
            ApiToken.readOrCreate(c.appTokenFile());
            String appToken = read(c.appTokenFile());
            ControllerStore store = ControllerStore.jdbc(c.store(), c.storeUser(), c.storePassword());
            parts.add(store);
            LockService locks = LeaseLockService.builder(
                            JdbcLeaseStore.builder(store.dataSource()).build())
                    .build();
            parts.add(locks);
            ReleaseEvents events = new ReleaseEvents();
            ReleaseService releases = new ReleaseService(
                    store,
                    locks,
                    c.controllerId(),
                    events,
                    (host, fence) -> {
                        AgentClient agent = agents.get(host);
                        if (agent == null) {
                            throw new IllegalStateException("no agent configured for host " + host
                                    + " (controller.yaml agents: " + agents.keySet() + ")");
                        }
                        return agent.fenced(fence);
                    },
                    (release, runner) ->
                            runner.gateways(gateways).appToken(appToken).env(Map.of("NONSTOP_APP_TOKEN", appToken)),
                    Duration.ofSeconds(10),
                    Clock.systemUTC());
            parts.add(releases);
            releases.startRecoveryScanner(scan);
            ControllerApiServer api = ControllerApiServer.builder(store, releases, events)
                    .listen(c.listen())
                    .token(ApiToken.readOrCreate(c.tokenFile()))
                    .start();
            parts.add(api);
            out.println("nonstop controller " + c.controllerId() + ": API http://"
                    + c.listen().getHostString() + ":"
                    + api.address().getPort() + " (token: " + c.tokenFile() + "), " + gateways.size() + " gateway(s), "
                    + agents.size() + " agent(s)");
            out.flush();
        } catch (Exception e) {
            err.println("nonstop controller: cannot start: " + e.getMessage());
            close(parts);
            return 1;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            try {
                                close(parts);
                            } finally {
                                stopped.countDown();
                                Runtime.getRuntime().halt(0);
                            }
                        },
                        "nonstop-controller-stop"));
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
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

    private static void close(List<AutoCloseable> parts) {
        for (int i = parts.size() - 1; i >= 0; i--) {
            try {
                parts.get(i).close();
            } catch (Exception | LinkageError e) {
                System.err.println("nonstop controller: stopping "
                        + parts.get(i).getClass().getSimpleName() + ": " + e);
            }
        }
    }
}
