package dev.nonstop.agent.api;

import dev.nonstop.agent.Agent;
import dev.nonstop.common.http.ControlApiServer;
import dev.nonstop.common.http.ControlApiWarmUp;
import dev.nonstop.common.token.BearerToken;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's HTTP API. Every call needs {@code Authorization: Bearer <token>} (else 401 with
 * {@code WWW-Authenticate}); bodies are JSON (at most {@value #MAX_JSON_BODY} bytes) except the artifact upload (at
 * most {@link dev.nonstop.agent.AgentSettings#maxArtifactBytes()}, 2 GiB by default; 413 above either limit);
 * errors are the kit's problems ({@link dev.nonstop.common.http.ProblemDetails}) with the agent's stable {@code code}.
 *
 * <table>
 *   <caption>Endpoints</caption>
 *   <tr><td>{@code PUT /agent/apps/{app}/versions/{version}}</td><td>body: the jar; optional
 *       {@code X-Checksum-Sha256}. 201 installed, 200 already installed with that digest, 400
 *       checksum mismatch or bad name, 409 installed with another digest</td></tr>
 *   <tr><td>{@code GET /agent/apps}</td><td>{@code {"apps": {app: [{version, sha256, size}]}}}</td></tr>
 *   <tr><td>{@code POST /agent/instances}</td><td>an instance spec ({@code instanceId, app, version,
 *       port, env, jvmArgs}); 201 with its status, 404 version not installed, 409 id running</td></tr>
 *   <tr><td>{@code POST /agent/instances/{id}/stop}</td><td>optional {@code {"timeoutMs": N}};
 *       {@code {instanceId, mode, exitCode, tookMs}}</td></tr>
 *   <tr><td>{@code GET /agent/instances}</td><td>{@code {"instances": [status...]}}</td></tr>
 *   <tr><td>{@code GET /agent/instances/{id}}</td><td>{@code {instanceId, app, version, port, pid,
 *       state, exitCode, startedAt}}; 404 unknown</td></tr>
 * </table>
 *
 * <p>Mutations may carry {@code X-Nonstop-Release} and {@code X-Nonstop-Fencing-Token}: a token lower
 * than the highest seen for the release gets 409 {@code stale fencing token 3 for release r-1
 * (highest seen: 5)}. Every mutation is audited in {@code <dataDir>/audit.log}. Blocking work runs
 * on virtual threads, never on the event loop.
 *
 * <p>The HTTP server is the control-plane kit's {@link ControlApiServer}: the token is checked on the
 * request head, before any body byte is read (an unauthenticated caller cannot make the agent store
 * an upload), and at most {@value #MAX_UNAUTHENTICATED} connections without an authenticated
 * request are kept. Requests refused for their token are audited per caller and minute. The jar of an
 * upload is never held in memory: the server writes it to a file in {@code <dataDir>/uploads} as it
 * arrives ({@link ControlApiServer.Builder#spooledBodies}), and the install moves that file into the
 * artifact store.
 */
public final class AgentServer implements AutoCloseable {
    /** What the API's {@link BearerToken} is called in log lines: {@value}. */
    public static final String TOKEN_NAME = "agent token";

    private static final Logger LOG = LoggerFactory.getLogger(AgentServer.class);
    /** Reads of a warm-up: enough for the JIT to compile what every read runs (its thresholds are in the hundreds). */
    private static final int WARM_UP_CALLS = 1500;

    /** JSON bodies (an instance spec, a stop) up to this many bytes; larger ones get 413. */
    static final int MAX_JSON_BODY = 1024 * 1024;

    static final int MAX_UNAUTHENTICATED = 64;
    private static final Duration IDLE_TIMEOUT = Duration.ofMinutes(5);

    private final ControlApiServer server;
    private final ExecutorService worker;
    private final AtomicBoolean closed = new AtomicBoolean();

    private AgentServer(ControlApiServer server, ExecutorService worker) {
        this.server = server;
        this.worker = worker;
    }

    /** The loopback address with {@code port} (0 picks a free port). */
    public static InetSocketAddress loopback(int port) {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
    }

    /**
     * Serves {@code agent} on {@code listen}; use {@link #loopback(int)} unless controllers on other
     * hosts must reach it.
     *
     * @throws UncheckedIOException when the address cannot be bound
     */
    public static AgentServer start(InetSocketAddress listen, BearerToken token, Agent agent) {
        return start(listen, token, agent, "agent API");
    }

    private static AgentServer start(InetSocketAddress listen, BearerToken token, Agent agent, String name) {
        Objects.requireNonNull(listen, "listen");
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(agent, "agent");
        ExecutorService worker = Executors.newThreadPerTaskExecutor(
                Thread.ofVirtual().name("nonstop-agent-call-", 0).factory());
        try {
            ControlApiServer server = ControlApiServer.builder(name, token, new AgentApiHandler(agent))
                    .listen(listen)
                    .realm("nonstop-agent")
                    .maxBodyBytes(MAX_JSON_BODY)
                    .spooledBodies(
                            AgentRoutes::isUpload,
                            agent.uploadsDir(),
                            agent.settings().maxArtifactBytes())
                    .executor(worker)
                    .idleTimeout(IDLE_TIMEOUT)
                    .maxUnauthenticatedConnections(MAX_UNAUTHENTICATED)
                    .refusals(r -> worker.execute(() -> agent.auditRefused(r)))
                    .start();
            return new AgentServer(server, worker);
        } catch (RuntimeException e) {
            worker.close();
            throw e;
        }
    }

    /**
     * Runs the agent API's read path hot for up to {@code budget} before the real API opens: a throwaway API for
     * {@code agent} on an ephemeral loopback port, with a token of its own, read through the JDK HTTP client
     * ({@link ControlApiWarmUp}), then closed. The agent's first release then does not compile its server pipeline
     * and JSON while the controller polls it, on the cores the apps share. Reads only; a failure is logged.
     *
     * @return the reads done (0 for a zero budget)
     */
    public static int warmUp(Agent agent, Duration budget) {
        Objects.requireNonNull(agent, "agent");
        if (budget.isZero() || budget.isNegative()) {
            return 0;
        }
        String token = BearerToken.newRandomToken();
        try (AgentServer throwaway =
                start(loopback(0), BearerToken.of(token, "warm-up token"), agent, "agent API warm-up")) {
            ControlApiWarmUp.Result result = ControlApiWarmUp.run(
                    throwaway.address(), token, List.of("/agent/instances", "/agent/apps"), WARM_UP_CALLS, budget);
            LOG.info(
                    "agent warmed up: {} API reads on loopback in {} ms",
                    result.calls(),
                    result.took().toMillis());
            return result.calls();
        } catch (RuntimeException e) {
            LOG.warn("agent warm-up skipped: {}", e.toString());
            return 0;
        }
    }

    /** Where the API listens, with the real port when started with port 0. */
    public InetSocketAddress address() {
        return server.address();
    }

    /** Stops accepting and closes connections; calls in progress finish first. Does not close the agent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        server.close();
        worker.close();
    }
}
