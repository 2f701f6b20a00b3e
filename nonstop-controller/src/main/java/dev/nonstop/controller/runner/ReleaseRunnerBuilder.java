package dev.nonstop.controller.runner;

import dev.nonstop.controller.client.AppProbe;
import dev.nonstop.controller.release.plan.RollingPlan;
import dev.nonstop.controller.release.state.InstanceTransitionListener;
import dev.nonstop.controller.store.ControllerStore;
import dev.nonstop.controller.store.ReleaseFence;
import dev.nonstop.gateway.contract.client.GatewayAdminClient;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Builds a {@link ReleaseRunner} ({@link ReleaseRunner#builder}): the release's store, fence and plan, required up
 * front; the agents, required before {@link #build}; the rest optional, each setter validating its value.
 */
public final class ReleaseRunnerBuilder {
    final ControllerStore store;
    final ReleaseFence fence;
    final RollingPlan plan;
    List<GatewayAdminClient> gateways = List.of();
    AgentConnector agents;
    String appToken;
    Duration probeTimeout = AppProbe.DEFAULT_TIMEOUT;
    Clock clock = Clock.systemUTC();
    Duration pollInterval = Duration.ofMillis(20);
    Duration commandPollInterval = Duration.ofMillis(500);
    Map<String, String> env = Map.of();
    Map<String, String> newVersionEnv = Map.of();
    List<String> jvmArgs = List.of();
    List<String> args = List.of();
    final List<InstanceTransitionListener> listeners = new CopyOnWriteArrayList<>();
    final List<ReleaseStateListener> stateListeners = new CopyOnWriteArrayList<>();
    final List<InFlightListener> inFlightListeners = new CopyOnWriteArrayList<>();
    final List<TrafficListener> trafficListeners = new CopyOnWriteArrayList<>();

    ReleaseRunnerBuilder(ControllerStore store, ReleaseFence fence, RollingPlan plan) {
        this.store = Objects.requireNonNull(store, "store");
        this.fence = Objects.requireNonNull(fence, "fence");
        this.plan = Objects.requireNonNull(plan, "plan");
    }

    /** The admin APIs of every gateway routing the app; the runner fences them with the release. */
    public ReleaseRunnerBuilder gateways(List<GatewayAdminClient> value) {
        gateways = List.copyOf(Objects.requireNonNull(value, "gateways"));
        return this;
    }

    /** The agents of the app's hosts. Required. */
    public ReleaseRunnerBuilder agents(AgentConnector value) {
        agents = Objects.requireNonNull(value, "agents");
        return this;
    }

    /** The bearer token of the app's {@code /nonstop/drain}; none: the app is not told to drain. */
    public ReleaseRunnerBuilder appToken(String value) {
        appToken = value;
        return this;
    }

    /** How long a request to an instance may take. Default: 3 seconds. */
    public ReleaseRunnerBuilder probeTimeout(Duration value) {
        probeTimeout = requirePositive("probeTimeout", value);
        return this;
    }

    /** Default: the system clock. */
    public ReleaseRunnerBuilder clock(Clock value) {
        clock = Objects.requireNonNull(value, "clock");
        return this;
    }

    /**
     * The first pause between a wait's polls of its condition; the later ones back off up to {@link
     * Waiter#DEFAULT_MAX_INTERVAL}. Default: 20 ms.
     */
    public ReleaseRunnerBuilder pollInterval(Duration value) {
        pollInterval = requirePositive("pollInterval", value);
        return this;
    }

    /**
     * How often a wait reads the release's state from the store, for a command recorded by another controller (one
     * recorded here wakes the waits at once, {@link ReleaseRunner#commandRecorded}). Default: 500 ms.
     */
    public ReleaseRunnerBuilder commandPollInterval(Duration value) {
        commandPollInterval = requirePositive("commandPollInterval", value);
        return this;
    }

    /** The environment of every process the runner starts, old or new version. */
    public ReleaseRunnerBuilder env(Map<String, String> value) {
        env = Map.copyOf(Objects.requireNonNull(value, "env"));
        return this;
    }

    /** Added to {@link #env} for processes of the new version only. */
    public ReleaseRunnerBuilder newVersionEnv(Map<String, String> value) {
        newVersionEnv = Map.copyOf(Objects.requireNonNull(value, "newVersionEnv"));
        return this;
    }

    /** JVM options of every process the runner starts. */
    public ReleaseRunnerBuilder jvmArgs(List<String> value) {
        jvmArgs = List.copyOf(Objects.requireNonNull(value, "jvmArgs"));
        return this;
    }

    /** The app's own arguments, after the jar; {@code ${PORT}} and {@code ${INSTANCE}} expanded by the agent. */
    public ReleaseRunnerBuilder args(List<String> value) {
        args = List.copyOf(Objects.requireNonNull(value, "args"));
        return this;
    }

    /** Told of the in-flight count of each instance while it drains, on that instance's thread. */
    public ReleaseRunnerBuilder inFlightListener(InFlightListener value) {
        inFlightListeners.add(Objects.requireNonNull(value, "inFlightListener"));
        return this;
    }

    /** Told of a gray release's traffic steps and gate results. */
    public ReleaseRunnerBuilder trafficListener(TrafficListener value) {
        trafficListeners.add(Objects.requireNonNull(value, "trafficListener"));
        return this;
    }

    /** Told of every release state the runner records. */
    public ReleaseRunnerBuilder stateListener(ReleaseStateListener value) {
        stateListeners.add(Objects.requireNonNull(value, "stateListener"));
        return this;
    }

    /**
     * Told of every instance transition after the step is recorded, on the thread of that instance's walk: several
     * instances may report at once.
     */
    public ReleaseRunnerBuilder listener(InstanceTransitionListener value) {
        listeners.add(Objects.requireNonNull(value, "listener"));
        return this;
    }

    /**
     * A runner with these settings.
     *
     * @throws IllegalStateException when the agents were not set
     */
    public ReleaseRunner build() {
        if (agents == null) {
            throw new IllegalStateException("agents: not set (expected: the agents of the app's hosts)");
        }
        return new ReleaseRunner(this);
    }

    private static Duration requirePositive(String name, Duration value) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + ": " + value + " (expected: > 0)");
        }
        return value;
    }
}
