package dev.nonstop.app;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The app side of a release: whether the app is draining, its {@link DrainParticipant}s (the
 * built-in {@code http} one first) and the status they add up to. One per app; thread-safe.
 *
 * <pre>{@code
 * NonstopApp app = NonstopApp.builder().version("2.4.1").build(); // NONSTOP_INSTANCE_ID, NONSTOP_APP_TOKEN
 * server.createContext("/", NonstopHttpHandler.wrap(app, myHandler)); // the contract, requests counted
 * }</pre>
 *
 * <p>The app is idle when it is draining and every participant is idle. Draining changes nothing
 * by itself: the app keeps serving what reaches it (the gateway has stopped sending it new
 * requests); participants stop taking work of their own (consumers, jobs).
 */
public final class NonstopApp {

    /** The environment variable with the instance id, set by the Nonstop agent. */
    public static final String INSTANCE_ID_ENV = "NONSTOP_INSTANCE_ID";

    /** The environment variable with the token the contract endpoints require, set by the Nonstop agent. */
    public static final String APP_TOKEN_ENV = "NONSTOP_APP_TOKEN";

    /** The name of the built-in participant counting HTTP requests. */
    public static final String HTTP = "http";

    private final String instance;
    private final String version;
    private final AppToken token;
    private final InFlight http;
    private final List<DrainParticipant> participants = new CopyOnWriteArrayList<>();
    private final AtomicBoolean draining = new AtomicBoolean();
    private final NonstopEndpoints endpoints;

    private NonstopApp(Builder builder) {
        this.instance = builder.instance;
        this.version = builder.version;
        this.token = new AppToken(builder.token);
        this.http = new InFlight(HTTP, "request(s)");
        participants.add(http);
        builder.participants.forEach(this::register);
        this.endpoints = new NonstopEndpoints(this);
    }

    /** A builder configured from the process environment ({@value #INSTANCE_ID_ENV}, {@value #APP_TOKEN_ENV}). */
    public static Builder builder() {
        return builder(System.getenv());
    }

    /** A builder configured from {@code environment} instead of the process's, for tests and embedding. */
    public static Builder builder(Map<String, String> environment) {
        return new Builder(environment);
    }

    /** The counter of HTTP requests in progress (the {@code http} participant). */
    public InFlight inFlight() {
        return http;
    }

    public String instance() {
        return instance;
    }

    public String version() {
        return version;
    }

    /** Whether {@link #APP_TOKEN_ENV} (or the builder) gave a token; without one every contract request is refused. */
    public boolean tokenConfigured() {
        return token.configured();
    }

    /**
     * Whether an {@code Authorization} header value (null when absent) is {@code Bearer <token>};
     * compared in constant time.
     */
    public boolean authorizes(String authorization) {
        return token.authorizes(authorization);
    }

    /** The contract endpoints, independent of any HTTP server, for adapters. */
    public NonstopEndpoints endpoints() {
        return endpoints;
    }

    /**
     * Adds a participant, for those created after the app (a listener container started later).
     * When the app is draining already, the participant is drained at once.
     *
     * @throws IllegalArgumentException when a participant of that name is registered already
     */
    public void register(DrainParticipant participant) {
        Objects.requireNonNull(participant, "participant");
        String name = Participants.checkName(participant.name());
        synchronized (participants) {
            for (DrainParticipant existing : participants) {
                if (existing.name().equals(name)) {
                    throw new IllegalArgumentException("participant name: " + name + " (expected: unique, taken by "
                            + existing.getClass().getName() + ")");
                }
            }
            participants.add(participant);
        }
        if (draining.get()) {
            call(participant, true);
        }
    }

    /** Removes a participant, such as a consumer that was shut down; nothing when it is not registered. */
    public void unregister(DrainParticipant participant) {
        participants.remove(participant);
    }

    /** The participants, the {@code http} one first. */
    public List<DrainParticipant> participants() {
        return List.copyOf(participants);
    }

    public boolean isDraining() {
        return draining.get();
    }

    /** Starts draining: every participant stops taking new work. Idempotent; answers the status. */
    public NonstopStatus drain() {
        draining.set(true);
        participants.forEach(p -> call(p, true));
        return status();
    }

    /** Stops draining: every participant takes work again. Idempotent; answers the status. */
    public NonstopStatus resume() {
        draining.set(false);
        participants.forEach(p -> call(p, false));
        return status();
    }

    /** The status now. */
    public NonstopStatus status() {
        // Read draining first: work that starts after this read cannot make a drained app look idle late.
        boolean drainingNow = draining.get();
        List<NonstopStatus.Participant> lines = new ArrayList<>(participants.size());
        boolean allIdle = true;
        long total = 0;
        for (DrainParticipant participant : participants) {
            NonstopStatus.Participant line = line(participant);
            lines.add(line);
            allIdle &= line.idle();
            total += line.inFlight();
        }
        return new NonstopStatus(instance, version, drainingNow, drainingNow && allIdle, total, lines);
    }

    private static NonstopStatus.Participant line(DrainParticipant participant) {
        String name = participant.name();
        try {
            ParticipantStatus status = participant.status();
            if (status == null) {
                return new NonstopStatus.Participant(name, false, 0, "status failed: status() returned null");
            }
            return new NonstopStatus.Participant(name, status.idle(), status.inFlight(), status.detail());
        } catch (RuntimeException e) {
            return new NonstopStatus.Participant(name, false, 0, "status failed: " + e);
        }
    }

    private static void call(DrainParticipant participant, boolean drain) {
        try {
            if (drain) {
                participant.drain();
            } else {
                participant.resume();
            }
        } catch (RuntimeException e) {
            // The participant reports its own state through status(); the others must still be drained.
            System.err.println("nonstop-app: " + (drain ? "drain" : "resume") + " of participant " + participant.name()
                    + " failed: " + e);
        }
    }

    @Override
    public String toString() {
        return "NonstopApp[instance=" + instance + ", version=" + version + ", draining=" + draining.get() + "]";
    }

    /** Configures a {@link NonstopApp}; starts from the environment, every setting can be overridden. */
    public static final class Builder {

        private String instance;
        private String version = "unknown";
        private Optional<String> token;
        private final List<DrainParticipant> participants = new ArrayList<>();

        private Builder(Map<String, String> environment) {
            Objects.requireNonNull(environment, "environment");
            this.instance = nonBlank(environment.get(INSTANCE_ID_ENV)).orElseGet(Builder::hostAndPid);
            this.token = nonBlank(environment.get(APP_TOKEN_ENV));
        }

        /** The instance id in the status; default {@value #INSTANCE_ID_ENV}, else {@code <HOSTNAME>-<pid>}. */
        public Builder instance(String instance) {
            this.instance = required("instance", instance);
            return this;
        }

        /** The version in the status; default {@code unknown}. */
        public Builder version(String version) {
            this.version = required("version", version);
            return this;
        }

        /**
         * The token the endpoints require; default {@value #APP_TOKEN_ENV}. Empty: every contract
         * request is refused.
         */
        public Builder token(Optional<String> token) {
            Objects.requireNonNull(token, "token");
            if (token.isPresent() && token.get().isBlank()) {
                throw new IllegalArgumentException("token: a blank string (expected: Optional.empty() or a token)");
            }
            this.token = token.map(String::trim);
            return this;
        }

        /** Adds a participant after the built-in {@code http} one. */
        public Builder participant(DrainParticipant participant) {
            participants.add(Objects.requireNonNull(participant, "participant"));
            return this;
        }

        public NonstopApp build() {
            return new NonstopApp(this);
        }

        private static String required(String field, String value) {
            if (value == null || value.isBlank()) {
                throw new IllegalArgumentException(
                        field + ": " + (value == null ? "null" : "a blank string") + " (expected: a non-blank string)");
            }
            return value;
        }

        private static Optional<String> nonBlank(String value) {
            return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
        }

        private static String hostAndPid() {
            String host = System.getenv("HOSTNAME");
            return (host == null || host.isBlank() ? "localhost" : host) + "-"
                    + ProcessHandle.current().pid();
        }
    }
}
