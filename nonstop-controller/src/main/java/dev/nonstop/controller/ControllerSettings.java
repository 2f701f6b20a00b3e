package dev.nonstop.controller;

import dev.nonstop.common.token.BearerToken;
import dev.nonstop.controller.api.ControllerApiServer;
import dev.nonstop.controller.runner.AgentConnector;
import dev.nonstop.controller.store.ControllerStore;
import dev.nonstop.gateway.contract.client.GatewayAdminClient;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a {@link Controller} runs on and talks to. Build with {@link #builder()}; derive a changed
 * copy with {@link #toBuilder()}. Every setter validates and names the setting in its message, e.g.
 * {@code leaseTtl: PT-1S (expected: > 0)}; {@link Builder#build()} names a missing required one.
 *
 * @param id unique per controller; shown as a release's owner
 * @param listen where the REST API listens; port 0 picks a free port
 * @param token the bearer token every API call must present
 * @param store the controller store: an embedded H2 directory or a JDBC database
 * @param leases where release leases are kept; default: the store's own database
 * @param gateways the gateways every release pushes its table edits to
 * @param agents the agent of each host an app's instances run on
 * @param appToken the token the controller presents to apps (readiness, in-flight counts); given to
 *     every instance a release starts as {@code NONSTOP_APP_TOKEN}
 * @param appEnv per app name, the environment of the instances a release starts
 * @param jvmArgs JVM arguments of the instances a release starts
 * @param leaseTtl how long a release's lease outlives its owner; a dead owner's releases are taken
 *     over after about this plus {@code scanInterval}
 * @param scanInterval how often to look for releases without a live owner
 * @param warmUp the longest the controller may spend, before its API opens, running its request path hot on a
 *     throwaway copy of the API (1,500 reads: the HTTP client, JSON, the store, the server's pipeline), so that its
 *     first release does not compile them on the cores the apps share; zero for none
 * @param clock the wall clock of release records
 */
public record ControllerSettings(
        String id,
        InetSocketAddress listen,
        BearerToken token,
        Store store,
        LeaseBackend leases,
        List<GatewayAdminClient> gateways,
        AgentConnector agents,
        String appToken,
        Map<String, Map<String, String>> appEnv,
        List<String> jvmArgs,
        Duration leaseTtl,
        Duration scanInterval,
        Duration warmUp,
        Clock clock) {

    public ControllerSettings {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(listen, "listen");
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(leases, "leases");
        gateways = List.copyOf(gateways);
        Objects.requireNonNull(agents, "agents");
        Objects.requireNonNull(appToken, "appToken");
        appEnv = Map.copyOf(appEnv);
        jvmArgs = List.copyOf(jvmArgs);
        Objects.requireNonNull(leaseTtl, "leaseTtl");
        Objects.requireNonNull(scanInterval, "scanInterval");
        Objects.requireNonNull(warmUp, "warmUp");
        Objects.requireNonNull(clock, "clock");
    }

    /** The warm-up of the controllers users start ({@code nonstop controller}, {@code nonstop up}); the builder's is none. */
    public static final Duration COMMAND_WARM_UP = Duration.ofSeconds(5);

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Where the controller store is: {@link #embedded} (the {@code nonstop up} default) or {@link #jdbc}. */
    public sealed interface Store {

        /** An H2 database in {@code dir} that only this process opens; see {@link ControllerStore#h2}. */
        static Store embedded(Path dir) {
            return new Embedded(dir);
        }

        /** A database by JDBC URL, e.g. {@code jdbc:postgresql://db:5432/nonstop}; several controllers may share it. */
        static Store jdbc(String url, String user, String password) {
            return new Jdbc(url, user, password);
        }

        /** Opens (and migrates) the store. */
        ControllerStore open();

        record Embedded(Path dir) implements Store {
            public Embedded {
                Objects.requireNonNull(dir, "store.dir");
            }

            @Override
            public ControllerStore open() {
                return ControllerStore.h2(dir);
            }
        }

        /** The password is never shown by {@link #toString()}. */
        record Jdbc(String url, String user, String password) implements Store {
            public Jdbc {
                Objects.requireNonNull(url, "store.url");
                if (!url.startsWith("jdbc:")) {
                    throw new IllegalArgumentException(
                            "store.url: " + url + " (expected: a JDBC URL, e.g. jdbc:postgresql://db:5432/nonstop)");
                }
                user = Objects.requireNonNullElse(user, "");
                password = Objects.requireNonNullElse(password, "");
            }

            @Override
            public ControllerStore open() {
                return ControllerStore.jdbc(url, user, password);
            }

            @Override
            public String toString() {
                return "Jdbc[url=" + url + ", user=" + user + ", password=" + (password.isEmpty() ? "" : "***") + "]";
            }
        }
    }

    /** Builds {@link ControllerSettings}; {@code token}, {@code store}, {@code agents} and {@code appToken} are required. */
    public static final class Builder {
        private String id = "controller-" + ProcessHandle.current().pid();
        private InetSocketAddress listen =
                new InetSocketAddress(InetAddress.getLoopbackAddress(), ControllerApiServer.DEFAULT_PORT);
        private BearerToken token;
        private Store store;
        private LeaseBackend leases = LeaseBackend.storeDatabase();
        private List<GatewayAdminClient> gateways = List.of();
        private AgentConnector agents;
        private String appToken;
        private Map<String, Map<String, String>> appEnv = Map.of();
        private List<String> jvmArgs = List.of();
        private Duration leaseTtl = Duration.ofSeconds(10);
        private Duration scanInterval = Duration.ofSeconds(5);
        private Duration warmUp = Duration.ZERO;
        private Clock clock = Clock.systemUTC();

        private Builder() {}

        private Builder(ControllerSettings s) {
            id = s.id;
            listen = s.listen;
            token = s.token;
            store = s.store;
            leases = s.leases;
            gateways = s.gateways;
            agents = s.agents;
            appToken = s.appToken;
            appEnv = s.appEnv;
            jvmArgs = s.jvmArgs;
            leaseTtl = s.leaseTtl;
            scanInterval = s.scanInterval;
            warmUp = s.warmUp;
            clock = s.clock;
        }

        /** Default: {@code controller-<pid>}. */
        public Builder id(String value) {
            Objects.requireNonNull(value, "id");
            if (value.isBlank()) {
                throw new IllegalArgumentException("id: \"" + value + "\" (expected: a non-blank name)");
            }
            id = value;
            return this;
        }

        /** Default: {@code 127.0.0.1:9070}. */
        public Builder listen(InetSocketAddress value) {
            listen = Objects.requireNonNull(value, "listen");
            return this;
        }

        /** Required. */
        public Builder token(BearerToken value) {
            token = Objects.requireNonNull(value, "token");
            return this;
        }

        /** Required. */
        public Builder store(Store value) {
            store = Objects.requireNonNull(value, "store");
            return this;
        }

        /** Default: {@link LeaseBackend#storeDatabase()}. */
        public Builder leases(LeaseBackend value) {
            leases = Objects.requireNonNull(value, "leases");
            return this;
        }

        /** Default: none. */
        public Builder gateways(List<GatewayAdminClient> value) {
            gateways = List.copyOf(Objects.requireNonNull(value, "gateways"));
            return this;
        }

        /** Required. */
        public Builder agents(AgentConnector value) {
            agents = Objects.requireNonNull(value, "agents");
            return this;
        }

        /** Required. */
        public Builder appToken(String value) {
            Objects.requireNonNull(value, "appToken");
            if (value.isBlank()) {
                throw new IllegalArgumentException(
                        "appToken: \"\" (expected: the token apps accept from the controller)");
            }
            appToken = value;
            return this;
        }

        /** Default: none beyond {@code NONSTOP_APP_TOKEN}. */
        public Builder appEnv(Map<String, Map<String, String>> value) {
            appEnv = Map.copyOf(Objects.requireNonNull(value, "appEnv"));
            return this;
        }

        /** Default: none. */
        public Builder jvmArgs(List<String> value) {
            jvmArgs = List.copyOf(Objects.requireNonNull(value, "jvmArgs"));
            return this;
        }

        /** Default: 10 s. */
        public Builder leaseTtl(Duration value) {
            leaseTtl = requirePositive("leaseTtl", value);
            return this;
        }

        /** Default: 5 s. */
        public Builder scanInterval(Duration value) {
            scanInterval = requirePositive("scanInterval", value);
            return this;
        }

        /** Default: none (the commands' default is {@link #COMMAND_WARM_UP}). */
        public Builder warmUp(Duration value) {
            Objects.requireNonNull(value, "warmUp");
            if (value.isNegative()) {
                throw new IllegalArgumentException("warmUp: " + value + " (expected: >= 0)");
            }
            warmUp = value;
            return this;
        }

        /** Default: {@link Clock#systemUTC()}. */
        public Builder clock(Clock value) {
            clock = Objects.requireNonNull(value, "clock");
            return this;
        }

        /** @throws IllegalStateException naming the first required setting left unset */
        public ControllerSettings build() {
            require("token", token, "the API token, see BearerToken.readOrCreate");
            require("store", store, "Store.embedded(dir) or Store.jdbc(url, user, password)");
            require("agents", agents, "the agent of each host");
            require("appToken", appToken, "the token apps accept from the controller");
            return new ControllerSettings(
                    id,
                    listen,
                    token,
                    store,
                    leases,
                    gateways,
                    agents,
                    appToken,
                    appEnv,
                    jvmArgs,
                    leaseTtl,
                    scanInterval,
                    warmUp,
                    clock);
        }

        private static void require(String name, Object value, String expected) {
            if (value == null) {
                throw new IllegalStateException(name + ": null (expected: " + expected + ")");
            }
        }

        private static Duration requirePositive(String name, Duration value) {
            Objects.requireNonNull(value, name);
            if (value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException(name + ": " + value + " (expected: > 0)");
            }
            return value;
        }
    }
}
