package dev.nonstop.cli.up;

import dev.nonstop.agent.Agent;
import dev.nonstop.agent.AgentSettings;
import dev.nonstop.agent.Caller;
import dev.nonstop.agent.contract.InstalledArtifact;
import dev.nonstop.agent.contract.InstanceSpec;
import dev.nonstop.agent.contract.InstanceState;
import dev.nonstop.common.token.BearerToken;
import dev.nonstop.controller.Controller;
import dev.nonstop.controller.ControllerSettings;
import dev.nonstop.controller.api.ControllerApiServer;
import dev.nonstop.controller.api.ReleaseEvents;
import dev.nonstop.controller.client.AppProbe;
import dev.nonstop.controller.release.spec.AppSettings;
import dev.nonstop.controller.service.ReleaseService;
import dev.nonstop.controller.store.ControllerStore;
import dev.nonstop.controller.store.Instance;
import dev.nonstop.controller.store.NewInstance;
import dev.nonstop.controller.store.RecordedInstanceState;
import dev.nonstop.controller.store.RegisteredApp;
import dev.nonstop.gateway.Gateway;
import dev.nonstop.gateway.GatewaySettings;
import dev.nonstop.gateway.admin.AdminServer;
import dev.nonstop.gateway.config.GatewayConfigLoader;
import dev.nonstop.gateway.contract.App;
import dev.nonstop.gateway.contract.Group;
import dev.nonstop.gateway.contract.HealthCheck;
import dev.nonstop.gateway.contract.Member;
import dev.nonstop.gateway.contract.Route;
import dev.nonstop.gateway.contract.RoutingTable;
import dev.nonstop.gateway.contract.client.GatewayAdminClient;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The embedded setup {@code nonstop up} runs in one JVM: the controller (store, lease locks,
 * release service, REST API), the gateway with its admin API, and a local agent that runs the
 * apps' instances as processes. Tokens live in files under the data directory (mode 0600).
 */
public final class Platform implements AutoCloseable {
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

    private final List<AutoCloseable> parts = new ArrayList<>();
    private Gateway gateway;
    private AdminServer admin;
    private Controller controller;

    public static Platform start(PlatformConfig config, PrintStream out) throws Exception {
        Platform platform = new Platform();
        try {
            platform.run(config, out);
            return platform;
        } catch (Exception | Error e) {
            platform.close();
            throw e;
        }
    }

    private void run(PlatformConfig config, PrintStream out) throws Exception {
        Path data = config.dataDir();
        privateDirectory(data);
        // First, so that it stops last: instances still draining keep their sessions.
        Map<String, String> sessionEnv = offerSessionStore(config.sessions(), data, out);
        ControllerSettings.Store storeLocation = config.store().equals("h2")
                ? ControllerSettings.Store.embedded(data)
                : ControllerSettings.Store.jdbc(config.store(), config.storeUser(), config.storePassword());
        Agent agent = Agent.create(AgentSettings.builder()
                .dataDir(privateDirectory(data.resolve("agent")))
                .build());
        parts.add(agent);
        String appToken = token(data.resolve("app.token"));

        // The instances and the gateway's first table come from the store; the controller, which
        // needs the gateway's admin API, opens it again for good once the gateway runs.
        RoutingTable table;
        try (ControllerStore store = storeLocation.open()) {
            Map<String, String> readiness = new java.util.HashMap<>();
            for (PlatformConfig.AppConfig app : config.apps()) {
                readiness.put(
                        app.name(),
                        startInstances(app, withSessions(app.env(), sessionEnv), store, agent, appToken, out));
            }
            table = table(config, readiness, store);
        }

        gateway = Gateway.start(
                GatewaySettings.builder()
                        .listen(resolved(config.gatewayListen()))
                        .dataDir(data)
                        .warmUp(GatewayConfigLoader.DEFAULT_WARM_UP)
                        .build(),
                table);
        parts.add(gateway);
        Path adminTokenFile = data.resolve("gateway.token");
        admin = AdminServer.start(
                resolved(config.gatewayAdmin()),
                BearerToken.readOrCreate(adminTokenFile, AdminServer.TOKEN_NAME),
                gateway);
        parts.add(admin);
        GatewayAdminClient gatewayClient =
                GatewayAdminClient.of(URI.create("http://" + hostPort(admin.address())), token(adminTokenFile));

        controller = Controller.start(ControllerSettings.builder()
                .id("controller-" + ProcessHandle.current().pid())
                .listen(resolved(config.controllerListen()))
                .token(BearerToken.readOrCreate(data.resolve("controller.token"), ControllerApiServer.TOKEN_NAME))
                .store(storeLocation)
                .gateways(List.of(gatewayClient))
                .agents((host, fence) -> agent.as(new Caller("controller", Optional.of(fence))))
                .appToken(appToken)
                .warmUp(ControllerSettings.COMMAND_WARM_UP)
                .appEnv(config.apps().stream()
                        .collect(Collectors.toMap(
                                PlatformConfig.AppConfig::name, app -> withSessions(app.env(), sessionEnv))))
                .build());
        parts.add(controller);
    }

    /** Starts the app's instances that are not running; returns its readiness path (found when {@code auto}). */
    private static String startInstances(
            PlatformConfig.AppConfig app,
            Map<String, String> env,
            ControllerStore store,
            Agent agent,
            String appToken,
            PrintStream out)
            throws InterruptedException {
        // nonstop.yaml is where `up` takes the app's settings from: every start stores them again. A readiness path
        // left to `auto` is found on the first instance, then stored.
        String configured = app.readinessPath();
        String readiness = configured.equals(PlatformConfig.AppConfig.FIND_READINESS) ? null : configured;
        Optional<RegisteredApp> registered = store.app(app.name());
        String stored = readiness != null
                ? readiness
                : registered.map(a -> a.settings().readinessPath()).orElse(AppSettings.DEFAULT_READINESS_PATH);
        if (registered.isEmpty()) {
            store.createApp(app.name(), app.settings(stored));
        } else {
            store.updateAppSettings(app.name(), app.settings(stored));
        }
        AppProbe.ReadinessFinding lastFinding = null;
        AppProbe probe = AppProbe.create(Duration.ofSeconds(2), appToken);
        for (int n = 1; n <= app.instances(); n++) {
            String id = app.name() + "-" + n;
            int port = app.basePort() + n - 1;
            Instance instance = store.instance(id)
                    .orElseGet(() -> store.createInstance(new NewInstance(
                            id,
                            app.name(),
                            "127.0.0.1",
                            port,
                            app.version(),
                            RecordedInstanceState.RUNNING,
                            Optional.of(id))));
            if (instance.state() == RecordedInstanceState.RETIRED) {
                continue;
            }
            boolean installed = agent.apps().getOrDefault(app.name(), List.of()).stream()
                    .map(InstalledArtifact::version)
                    .anyMatch(instance.version()::equals);
            if (!installed) {
                agent.install(app.name(), app.version(), app.artifact(), null);
            }
            String version = installed ? instance.version() : app.version();
            boolean running = agent.instances().stream()
                    .anyMatch(s -> s.instanceId().equals(id) && s.state() == InstanceState.RUNNING);
            if (!running) {
                agent.start(new InstanceSpec(
                        id,
                        app.name(),
                        version,
                        instance.port(),
                        envWithToken(env, appToken),
                        app.jvmArgs(),
                        app.args()));
            }
            Duration timeout = app.readinessTimeout().orElse(READY_TIMEOUT);
            long deadline = System.nanoTime() + timeout.toNanos();
            while (true) {
                if (readiness == null) {
                    AppProbe.ReadinessFinding finding = probe.findReadiness(instance.host(), instance.port());
                    lastFinding = finding;
                    if (finding.path().isPresent()) {
                        readiness = finding.path().get();
                        out.printf(
                                "  %s  readiness path %s (found: %s)%n",
                                app.name(), readiness, String.join(", ", finding.tried()));
                    }
                    if (finding.ready()) {
                        break;
                    }
                } else if (probe.isReady(instance.host(), instance.port(), readiness)) {
                    break;
                }
                if (System.nanoTime() - deadline > 0) {
                    throw new IllegalStateException(notReady(id, readiness, lastFinding, timeout) + "; its log: "
                            + agent.logs().current(id));
                }
                // Polling an observed condition, bounded by the deadline above; an app that answers but serves no
                // candidate yet is asked every 500 ms, not eight requests every 50 ms.
                boolean searching = readiness == null && lastFinding != null && lastFinding.answered();
                Thread.sleep(searching ? 500 : 50);
            }
            out.printf("  %s  %s  127.0.0.1:%d  ready%n", id, version, instance.port());
        }
        if (readiness == null) {
            // Every instance retired: the path stored before stays, or the controller's default.
            readiness = stored;
        }
        if (!readiness.equals(configured)) {
            store.updateAppSettings(app.name(), app.settings(readiness));
        }
        return readiness;
    }

    private static String notReady(String id, String readiness, AppProbe.ReadinessFinding finding, Duration timeout) {
        String within = " within " + timeout.toSeconds() + " s";
        if (readiness != null) {
            return id + " did not become ready on " + readiness + within;
        }
        if (finding == null || !finding.answered()) {
            return id + " did not answer HTTP on its port" + within + " (readinessPath: auto)";
        }
        return id + " answers HTTP but serves none of the readiness paths tried (" + String.join(", ", finding.tried())
                + "): set readinessPath in nonstop.yaml to a path that answers 2xx once the app is ready (a Spring Boot"
                + " app: add spring-boot-starter-actuator)";
    }

    /**
     * The gateway's table: one app per configured app, members from the store's live instances, each app's health
     * checked on its readiness path.
     */
    private static RoutingTable table(PlatformConfig config, Map<String, String> readiness, ControllerStore store) {
        List<App> apps = new ArrayList<>();
        List<Route> routes = new ArrayList<>();
        for (PlatformConfig.AppConfig app : config.apps()) {
            List<Member> members = store.instances(app.name()).stream()
                    .filter(i -> i.state() != RecordedInstanceState.RETIRED)
                    .map(i -> Member.active(i.gatewayMemberId().orElse(i.id()), i.host(), i.port()))
                    .toList();
            apps.add(App.of(app.name())
                    .withGroups(List.of(new Group("main", members)))
                    .withHealthCheck(new HealthCheck(
                            readiness.get(app.name()), Duration.ofSeconds(1), Duration.ofSeconds(1), 1, 3)));
            // Each app answers on its own name as Host; the first one also on any host.
            routes.add(new Route(app.name(), "/", app.name()));
        }
        if (!config.apps().isEmpty()) {
            routes.add(Route.any(config.apps().get(0).name()));
        }
        return new RoutingTable(1, routes, apps);
    }

    /** Starts the embedded session store when configured (the default); the environment that hands it out. */
    private Map<String, String> offerSessionStore(SessionStoreConfig sessions, Path data, PrintStream out)
            throws IOException {
        if (sessions.store() != SessionStoreConfig.Store.EMBEDDED) {
            return sessions.externalEnv();
        }
        EmbeddedSessionStore store = EmbeddedSessionStore.start(data, sessions.port());
        parts.add(store);
        out.printf(
                "  session store  %s  (user %s, password in %s)%n",
                store.jdbcUrl(), store.username(), data.resolve(EmbeddedSessionStore.PASSWORD_FILE));
        return store.env();
    }

    /** The app's environment with the session store's; an app that sets any NONSTOP_SESSION_* keeps its own. */
    private static Map<String, String> withSessions(Map<String, String> env, Map<String, String> sessionEnv) {
        if (env.keySet().stream().anyMatch(k -> k.startsWith("NONSTOP_SESSION_"))) {
            return env;
        }
        Map<String, String> out = new java.util.HashMap<>(sessionEnv);
        out.putAll(env);
        return Map.copyOf(out);
    }

    private static Map<String, String> envWithToken(Map<String, String> env, String appToken) {
        Map<String, String> out = new java.util.HashMap<>(env);
        out.put("NONSTOP_APP_TOKEN", appToken);
        return Map.copyOf(out);
    }

    /**
     * Creates {@code dir} readable by the owner only (0700), or makes an existing one so: it holds the tokens, the
     * store and the apps' logs. Nothing changes on a file system without POSIX permissions.
     */
    static Path privateDirectory(Path dir) throws IOException {
        Set<PosixFilePermission> ownerOnly = PosixFilePermissions.fromString("rwx------");
        boolean existed = Files.exists(dir);
        Files.createDirectories(dir);
        if (Files.getFileStore(dir).supportsFileAttributeView(PosixFileAttributeView.class)) {
            if (existed) {
                requireTrusted(dir);
            }
            Files.setPosixFilePermissions(dir, ownerOnly);
        }
        return dir;
    }

    /**
     * Refuses a data directory that another user could have filled: one owned by someone else, or writable by
     * others. Either could hold their token files, store password or store (through symlinks too), which this
     * process would then trust and serve with.
     */
    private static void requireTrusted(Path dir) throws IOException {
        String me = System.getProperty("user.name");
        UserPrincipal owner = Files.getOwner(dir);
        if (!owner.equals(dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(me))) {
            throw new IOException("dataDir: " + dir.toAbsolutePath() + " is owned by " + owner.getName() + ", not "
                    + me + " (expected: a directory of the user running nonstop up; remove it or use another"
                    + " dataDir)");
        }
        Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(dir);
        if (permissions.contains(PosixFilePermission.GROUP_WRITE)
                || permissions.contains(PosixFilePermission.OTHERS_WRITE)) {
            throw new IOException("dataDir: " + dir.toAbsolutePath() + " is writable by other users ("
                    + PosixFilePermissions.toString(permissions) + ") (expected: a directory only its owner can"
                    + " write to; check what is in it, then chmod 700 it)");
        }
    }

    /** The token in {@code file}, created (mode 0600) with a random value when missing. */
    private static String token(Path file) throws IOException {
        BearerToken.readOrCreate(file, ControllerApiServer.TOKEN_NAME);
        return Files.readString(file).trim();
    }

    private static InetSocketAddress resolved(InetSocketAddress address) {
        return new InetSocketAddress(address.getHostString(), address.getPort());
    }

    private static String hostPort(InetSocketAddress address) {
        return address.getHostString() + ":" + address.getPort();
    }

    public ControllerStore store() {
        return controller.store();
    }

    public ReleaseService releases() {
        return controller.releases();
    }

    public ReleaseEvents events() {
        return controller.events();
    }

    public InetSocketAddress gatewayAddress() {
        return gateway.address();
    }

    public InetSocketAddress adminAddress() {
        return admin.address();
    }

    public InetSocketAddress apiAddress() {
        return controller.address();
    }

    /** Stops the controller (API, release service, store), the gateway (gracefully), the agent's instances. */
    @Override
    public void close() {
        for (int i = parts.size() - 1; i >= 0; i--) {
            try {
                parts.get(i).close();
            } catch (Exception | LinkageError e) {
                // One part failing to stop must not keep the others running.
                System.err.println(
                        "nonstop up: stopping " + parts.get(i).getClass().getSimpleName() + ": " + e);
            }
        }
        parts.clear();
    }
}
