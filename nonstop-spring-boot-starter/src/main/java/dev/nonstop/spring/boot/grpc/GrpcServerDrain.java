package dev.nonstop.spring.boot.grpc;

import dev.nonstop.app.DrainParticipant;
import dev.nonstop.app.ParticipantStatus;
import io.grpc.Server;
import io.grpc.ServerServiceDefinition;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.protobuf.services.HealthStatusManager;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The {@code grpc} participant of one gRPC {@link Server}. On drain: its {@link
 * HealthStatusManager} (when given) answers {@code NOT_SERVING} for the server and each of its
 * services at once; after {@code goAwayDelay} (time for health-checking clients and name
 * resolvers to move away) the server shuts down gracefully ({@link Server#shutdown()}: GOAWAY, no
 * new call, the calls in flight finish) and, after {@code grace}, the calls still running are
 * cancelled ({@link Server#shutdownNow()}). Idle once the server has terminated.
 *
 * <p>A resume before the shutdown sets {@code SERVING} again and cancels it. A gRPC server cannot
 * start again once shut down: a resume after it fails, and the status says so (the instance has to
 * be restarted).
 */
public final class GrpcServerDrain implements DrainParticipant, AutoCloseable {

    /** The participant name in the status. */
    public static final String NAME = "grpc";

    private final String name;
    private final Server server;
    private final HealthStatusManager health;
    private final InFlightCalls calls;
    private final Duration goAwayDelay;
    private final Duration grace;
    private final ScheduledExecutorService timer;
    private ScheduledFuture<?> pendingShutdown;
    private volatile boolean draining;
    private volatile boolean shutDown;

    /**
     * @param health the server's health service, or null when it has none
     * @param calls the interceptor counting the server's calls
     * @param goAwayDelay how long after the drain the server sends GOAWAY ({@code >= 0})
     * @param grace how long the calls in flight have to finish after GOAWAY ({@code > 0})
     */
    public GrpcServerDrain(
            String name,
            Server server,
            HealthStatusManager health,
            InFlightCalls calls,
            Duration goAwayDelay,
            Duration grace) {
        this.name = Objects.requireNonNull(name, "name");
        this.server = Objects.requireNonNull(server, "server");
        this.health = health;
        this.calls = Objects.requireNonNull(calls, "calls");
        if (goAwayDelay.isNegative()) {
            throw new IllegalArgumentException("goAwayDelay: " + goAwayDelay + " (expected: >= 0)");
        }
        if (grace.isNegative() || grace.isZero()) {
            throw new IllegalArgumentException("grace: " + grace + " (expected: > 0)");
        }
        this.goAwayDelay = goAwayDelay;
        this.grace = grace;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "nonstop-grpc-drain");
            thread.setDaemon(true);
            return thread;
        });
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public synchronized void drain() {
        if (draining) {
            return;
        }
        draining = true;
        setHealth(ServingStatus.NOT_SERVING);
        pendingShutdown = timer.schedule(this::goAway, goAwayDelay.toMillis(), TimeUnit.MILLISECONDS);
    }

    private synchronized void goAway() {
        if (!draining || shutDown) {
            return;
        }
        shutDown = true;
        server.shutdown();
        timer.schedule(
                () -> {
                    if (!server.isTerminated()) {
                        server.shutdownNow();
                    }
                },
                grace.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void resume() {
        if (shutDown) {
            throw new IllegalStateException(
                    "gRPC server " + name + " was shut down by the drain: restart the instance");
        }
        draining = false;
        if (pendingShutdown != null) {
            pendingShutdown.cancel(false);
            pendingShutdown = null;
        }
        setHealth(ServingStatus.SERVING);
    }

    private void setHealth(ServingStatus status) {
        if (health == null) {
            return;
        }
        health.setStatus(HealthStatusManager.SERVICE_NAME_ALL_SERVICES, status);
        for (ServerServiceDefinition service : server.getServices()) {
            health.setStatus(service.getServiceDescriptor().getName(), status);
        }
    }

    @Override
    public ParticipantStatus status() {
        long inFlight = calls.count();
        String state;
        if (!draining) {
            state = "serving";
        } else if (!shutDown) {
            state = "not serving, GOAWAY pending";
        } else if (server.isTerminated()) {
            state = "shut down";
        } else {
            state = "shutting down (GOAWAY sent)";
        }
        String detail = state + ", " + inFlight + " call(s) in flight";
        boolean idle = draining && shutDown && server.isTerminated();
        return new ParticipantStatus(idle || (!draining && inFlight == 0), inFlight, detail);
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
