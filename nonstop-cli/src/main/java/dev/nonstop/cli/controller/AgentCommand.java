package dev.nonstop.cli.controller;

import dev.nonstop.agent.Agent;
import dev.nonstop.agent.AgentSettings;
import dev.nonstop.agent.api.AgentServer;
import dev.nonstop.cli.ExitCodes;
import dev.nonstop.cli.support.DurationConverter;
import dev.nonstop.cli.support.InvalidOptionException;
import dev.nonstop.cli.support.SizeConverter;
import dev.nonstop.cli.support.StopSignal;
import dev.nonstop.common.token.BearerToken;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code nonstop agent}: the agent of one host, for controllers to install, start and stop its app instances. */
@Command(
        name = "agent",
        mixinStandardHelpOptions = true,
        description = {
            "Runs the agent of this host: installs app versions, starts and stops their instances for the"
                    + " controllers, behind a token-protected HTTP API (loopback unless --host says otherwise)."
        })
public final class AgentCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(
            names = "--data",
            defaultValue = ".nonstop/agent",
            paramLabel = "DIR",
            description = "artifacts, instances and logs (default: ${DEFAULT-VALUE})")
    Path data;

    @Option(
            names = "--host",
            defaultValue = "127.0.0.1",
            description = "the address to listen on (default: ${DEFAULT-VALUE})")
    String host;

    @Option(names = "--port", defaultValue = "9080", description = "the API port (default: ${DEFAULT-VALUE})")
    int port;

    @Option(
            names = "--token-file",
            defaultValue = ".nonstop/agent.token",
            paramLabel = "PATH",
            description = "the API token, created (mode 0600) when missing (default: ${DEFAULT-VALUE})")
    Path tokenFile;

    @Option(
            names = "--exec-prefix",
            paramLabel = "COMMAND",
            description = "run every app's command line through this command, which must exec it (keep the pid),"
                    + " e.g. \"taskset -c 2-3\" or \"nice -n 5\" (default: none)")
    String execPrefix;

    @Option(
            names = "--warm-up",
            defaultValue = "5s",
            paramLabel = "DURATION",
            converter = DurationConverter.class,
            description = "the longest the API's request path is run hot (1,500 reads on loopback) before it opens, so"
                    + " that the first release does not compile it on the apps' cores; 0s for none (default:"
                    + " ${DEFAULT-VALUE})")
    Duration warmUp;

    @Option(
            names = "--max-artifact-size",
            defaultValue = "2GB",
            paramLabel = "SIZE",
            converter = SizeConverter.class,
            description = "the largest jar a controller may upload; it is written to the data directory as it arrives,"
                    + " never held in memory (default: ${DEFAULT-VALUE})")
    long maxArtifactSize;

    @Override
    public Integer call() {
        if (execPrefix != null && execPrefix.isBlank()) {
            throw new InvalidOptionException("--exec-prefix", "'" + execPrefix + "'", "a command, e.g. taskset -c 0");
        }
        if (port < 0 || port > 65535) {
            throw new InvalidOptionException("--port", port, "0-65535");
        }
        if (maxArtifactSize <= 0) {
            throw new InvalidOptionException("--max-artifact-size", maxArtifactSize, "> 0");
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Agent agent;
        AgentServer server;
        try {
            agent = Agent.create(AgentSettings.builder()
                    .dataDir(data)
                    .execPrefix(
                            execPrefix == null
                                    ? List.of()
                                    : List.of(execPrefix.trim().split("\\s+")))
                    .maxArtifactBytes(maxArtifactSize)
                    .build());
            AgentServer.warmUp(agent, warmUp);
            server = AgentServer.start(
                    new InetSocketAddress(host, port),
                    BearerToken.readOrCreate(tokenFile, AgentServer.TOKEN_NAME),
                    agent);
        } catch (Exception e) {
            err.println(spec.qualifiedName() + ": cannot start: " + e.getMessage());
            return ExitCodes.FAILURE;
        }
        out.println("nonstop agent: API http://" + host + ":" + server.address().getPort() + " (token: " + tokenFile
                + "), data " + data.toAbsolutePath());
        out.flush();
        return StopSignal.await("nonstop-agent-stop", () -> {
            server.close();
            agent.close();
        });
    }
}
