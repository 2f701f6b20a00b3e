package dev.nonstop.controller;

import dev.nonstop.common.http.ControlApiWarmUp;
import dev.nonstop.common.token.BearerToken;
import dev.nonstop.controller.api.ControllerApiServer;
import dev.nonstop.controller.api.ReleaseEvents;
import dev.nonstop.controller.release.spec.AppSettings;
import dev.nonstop.controller.service.ReleaseService;
import dev.nonstop.controller.store.ControllerStore;
import dev.nonstop.controller.store.RegisteredApp;
import dev.nonstop.coordination.LockService;
import dev.nonstop.coordination.lease.LeaseLockService;
import dev.nonstop.coordination.spi.LeaseStore;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running controller: its store, the lease locks of its releases, the release service with its
 * recovery scanner, and the REST API. Start one with {@link #start}; {@link #close()} stops them in
 * reverse order. Several controllers on one store are multi-active: any accepts a release, the one
 * holding its lease runs it, and the others' recovery scanners take it over when its owner dies.
 */
public final class Controller implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Controller.class);
    /** Reads of a warm-up: enough for the JIT to compile what every read runs (its thresholds are in the hundreds). */
    private static final int WARM_UP_CALLS = 1500;

    private final ControllerSettings settings;
    private final List<AutoCloseable> parts = new ArrayList<>();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final ReleaseEvents events = new ReleaseEvents();
    private ControllerStore store;
    private ReleaseService releases;
    private ControllerApiServer api;

    private Controller(ControllerSettings settings) {
        this.settings = settings;
    }

    /**
     * Opens the store and the lease backend, starts the release service and its recovery scanner,
     * and binds the API on {@link ControllerSettings#listen()}.
     *
     * @throws ControllerStartException when a part cannot start; the parts already started are closed
     */
    public static Controller start(ControllerSettings settings) {
        Objects.requireNonNull(settings, "settings");
        Controller controller = new Controller(settings);
        try {
            controller.run();
        } catch (RuntimeException e) {
            controller.close();
            throw new ControllerStartException("controller " + settings.id() + " cannot start: " + e.getMessage(), e);
        } catch (Error e) {
            controller.close();
            throw e;
        }
        LOG.info(
                "controller {} listening on {} (store {}, {} gateway(s))",
                settings.id(),
                controller.address(),
                settings.store(),
                settings.gateways().size());
        return controller;
    }

    private void run() {
        store = settings.store().open();
        parts.add(store);
        LeaseStore leaseStore = settings.leases().open(store.dataSource());
        LockService locks;
        try {
            locks = LeaseLockService.builder(leaseStore).build();
        } catch (RuntimeException e) {
            leaseStore.close();
            throw e;
        }
        parts.add(locks); // closes the lease store
        releases = new ReleaseService(
                store,
                locks,
                settings.id(),
                events,
                settings.agents(),
                (release, runner) -> {
                    AppSettings app = store.app(release.app())
                            .map(RegisteredApp::settings)
                            .orElse(AppSettings.DEFAULT);
                    List<String> jvmArgs = new ArrayList<>(settings.jvmArgs());
                    jvmArgs.addAll(app.jvmArgs());
                    runner.gateways(settings.gateways())
                            .appToken(settings.appToken())
                            .env(envOf(release.app(), app))
                            .jvmArgs(jvmArgs)
                            .args(app.args());
                },
                settings.leaseTtl(),
                settings.clock());
        parts.add(releases);
        releases.startRecoveryScanner(settings.scanInterval());
        warmUp();
        api = ControllerApiServer.builder(store, releases, events)
                .listen(settings.listen())
                .token(settings.token())
                .start();
        parts.add(api);
    }

    /**
     * Runs the API's read path hot on a throwaway copy of the API on an ephemeral loopback port, with a token of its
     * own, for up to {@link ControllerSettings#warmUp()}: the JDK HTTP client (the one the controller polls gateways,
     * agents and apps with), Jackson and the server's pipeline are compiled before the first release instead of while
     * it waits on starts and drains. Reads only: nothing is recorded or audited.
     */
    private void warmUp() {
        if (settings.warmUp().isZero()) {
            return;
        }
        String token = BearerToken.newRandomToken();
        try (ControllerApiServer throwaway = ControllerApiServer.builder(store, releases, events)
                .listen(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                .name("controller API warm-up")
                .token(BearerToken.of(token, "warm-up token"))
                .start()) {
            ControlApiWarmUp.Result result = ControlApiWarmUp.run(
                    throwaway.address(),
                    token,
                    List.of("/api/apps", "/api/releases?state=RUNNING", "/api/audit?limit=5"),
                    WARM_UP_CALLS,
                    settings.warmUp());
            LOG.info(
                    "controller warmed up: {} API reads on loopback in {} ms",
                    result.calls(),
                    result.took().toMillis());
        } catch (RuntimeException e) {
            LOG.warn("controller warm-up skipped: {}", e.toString());
        }
    }

    /**
     * The app's environment: the controller settings' for the app, then the app's stored settings (which win), with
     * {@code NONSTOP_APP_TOKEN} set to the app token.
     */
    private Map<String, String> envOf(String app, AppSettings stored) {
        Map<String, String> env = new HashMap<>(settings.appEnv().getOrDefault(app, Map.of()));
        env.putAll(stored.env());
        env.put("NONSTOP_APP_TOKEN", settings.appToken());
        return Map.copyOf(env);
    }

    public ControllerSettings settings() {
        return settings;
    }

    /** Where the API listens, with the real port when configured with port 0. */
    public InetSocketAddress address() {
        return api.address();
    }

    public ControllerStore store() {
        return store;
    }

    public ReleaseService releases() {
        return releases;
    }

    public ReleaseEvents events() {
        return events;
    }

    /**
     * Stops the API, the recovery scanner, the lock service (releasing the leases it holds) and the
     * store. A part failing to stop does not keep the others running. A release still running here
     * loses its lease with the lock service; another controller's recovery scanner resumes it.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        for (int i = parts.size() - 1; i >= 0; i--) {
            try {
                parts.get(i).close();
            } catch (Exception | LinkageError e) {
                LOG.warn(
                        "controller {}: stopping {}: {}",
                        settings.id(),
                        parts.get(i).getClass().getSimpleName(),
                        e.toString());
            }
        }
        parts.clear();
    }
}
