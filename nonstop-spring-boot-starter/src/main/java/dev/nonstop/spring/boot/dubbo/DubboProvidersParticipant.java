package dev.nonstop.spring.boot.dubbo;

import dev.nonstop.app.DrainParticipant;
import dev.nonstop.app.ParticipantStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import org.apache.dubbo.registry.Registry;
import org.apache.dubbo.registry.RegistryFactory;
import org.apache.dubbo.rpc.model.ApplicationModel;
import org.apache.dubbo.rpc.model.ModuleModel;
import org.apache.dubbo.rpc.model.ProviderModel;

/**
 * The app's Dubbo providers as one drain participant, {@code dubbo}.
 *
 * <ul>
 *   <li><b>Drain</b>: every service the app's Dubbo application exports is unregistered from its
 *       registries (the in-process equivalent of Dubbo's QoS {@code offline}, limited to this
 *       application), off the caller's thread. The registry (ZooKeeper) tells the consumers, which
 *       stop calling this instance; the server stays open, so the calls already sent still get
 *       their answers.
 *   <li><b>Idle</b> when every service is unregistered, no call is in flight (counted by {@link
 *       InFlightFilter}), the unregistration is at least {@code registryDelay} old (the time the
 *       consumers may take to hear of it: Dubbo's ZooKeeper registry batches its notifications to
 *       a consumer for up to 5 s, its {@code delay-notification}; not waited for when the drain
 *       unregistered nothing, as in an app that exports no service) and no call has started or ended
 *       for {@code quietPeriod}.
 *   <li><b>Resume</b>: the services the drain unregistered are registered again.
 * </ul>
 *
 * <p>Every registry URL of every provider of the application is unregistered, as Dubbo's QoS
 * {@code offline} does for the whole JVM: the interface-level ones and, with application-level
 * discovery, the service-discovery ones. The participant is tested with interface-level
 * registration ({@code dubbo.application.register-mode=interface}).
 */
public final class DubboProvidersParticipant implements DrainParticipant, AutoCloseable {

    public static final String NAME = "dubbo";

    private final Supplier<ApplicationModel> application;
    private final Duration registryDelay;
    private final Duration quietPeriod;
    private final ExecutorService registryCalls = Executors.newSingleThreadExecutor(r -> {
        Thread thread = new Thread(r, "nonstop-dubbo-registry");
        thread.setDaemon(true);
        return thread;
    });
    private final List<ProviderModel.RegisterStatedURL> unregisteredByDrain = new ArrayList<>();
    private boolean draining;
    private int pendingOperations;
    private long unregisteredAtNanos;
    private String lastError;

    /**
     * @param application the app's Dubbo application, or a supplier of null when the app has none
     * @param registryDelay how long after the unregistration the participant waits at least before it
     *     reports idle ({@code >= 0})
     * @param quietPeriod how long after the last call the participant waits before it reports idle
     *     ({@code >= 0})
     */
    public DubboProvidersParticipant(
            Supplier<ApplicationModel> application, Duration registryDelay, Duration quietPeriod) {
        this.application = application;
        if (registryDelay.isNegative()) {
            throw new IllegalArgumentException("registryDelay: " + registryDelay + " (expected: >= 0)");
        }
        this.registryDelay = registryDelay;
        if (quietPeriod.isNegative()) {
            throw new IllegalArgumentException("quietPeriod: " + quietPeriod + " (expected: >= 0)");
        }
        this.quietPeriod = quietPeriod;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public synchronized void drain() {
        draining = true;
        submit(this::unregisterAll);
    }

    @Override
    public synchronized void resume() {
        draining = false;
        submit(this::registerAgain);
    }

    private synchronized void submit(Runnable operation) {
        pendingOperations++;
        registryCalls.execute(() -> {
            try {
                operation.run();
                synchronized (this) {
                    lastError = null;
                }
            } catch (RuntimeException e) {
                synchronized (this) {
                    lastError = e.toString();
                }
            } finally {
                synchronized (this) {
                    pendingOperations--;
                }
            }
        });
    }

    /** Runs on the registry thread: unregisters what is registered, unless a resume came first. */
    private void unregisterAll() {
        ApplicationModel model = application.get();
        if (model == null) {
            return;
        }
        for (ProviderModel.RegisterStatedURL url : statedUrls(model)) {
            synchronized (this) {
                if (!draining) {
                    return;
                }
            }
            if (url.isRegistered()) {
                registry(url).unregister(url.getProviderUrl());
                url.setRegistered(false);
                synchronized (this) {
                    unregisteredByDrain.add(url);
                    unregisteredAtNanos = System.nanoTime();
                }
            }
        }
        synchronized (this) {
            if (unregisteredAtNanos == 0) {
                unregisteredAtNanos = System.nanoTime();
            }
        }
    }

    /** Runs on the registry thread: registers again what the drain unregistered, unless drained again. */
    private void registerAgain() {
        List<ProviderModel.RegisterStatedURL> toRegister;
        synchronized (this) {
            if (draining) {
                return;
            }
            toRegister = new ArrayList<>(unregisteredByDrain);
            unregisteredByDrain.clear();
            unregisteredAtNanos = 0;
        }
        for (ProviderModel.RegisterStatedURL url : toRegister) {
            if (!url.isRegistered()) {
                registry(url).register(url.getProviderUrl());
                url.setRegistered(true);
            }
        }
    }

    private static Registry registry(ProviderModel.RegisterStatedURL url) {
        RegistryFactory factory = url.getRegistryUrl()
                .getOrDefaultApplicationModel()
                .getExtensionLoader(RegistryFactory.class)
                .getAdaptiveExtension();
        return factory.getRegistry(url.getRegistryUrl());
    }

    private static List<ProviderModel.RegisterStatedURL> statedUrls(ApplicationModel model) {
        List<ProviderModel.RegisterStatedURL> urls = new ArrayList<>();
        for (ModuleModel module : model.getModuleModels()) {
            for (ProviderModel provider : module.getServiceRepository().getExportedServices()) {
                urls.addAll(provider.getStatedUrl());
            }
        }
        return urls;
    }

    /** The calls in flight now (0 when the app has no Dubbo application). */
    public long callsInFlight() {
        ApplicationModel model = application.get();
        return model == null ? 0 : DubboCalls.of(model).inFlight();
    }

    @Override
    public ParticipantStatus status() {
        ApplicationModel model = application.get();
        if (model == null) {
            return ParticipantStatus.idle("no Dubbo application");
        }
        DubboCalls calls = DubboCalls.of(model);
        long inFlight = calls.inFlight();
        int services = 0;
        int registered = 0;
        for (ModuleModel module : model.getModuleModels()) {
            for (ProviderModel provider : module.getServiceRepository().getExportedServices()) {
                services++;
                if (provider.getStatedUrl().stream().anyMatch(ProviderModel.RegisterStatedURL::isRegistered)) {
                    registered++;
                }
            }
        }
        boolean drainingNow;
        int pending;
        long unregisteredAt;
        boolean consumersToWaitFor;
        String error;
        synchronized (this) {
            drainingNow = draining;
            pending = pendingOperations;
            unregisteredAt = unregisteredAtNanos;
            consumersToWaitFor = !unregisteredByDrain.isEmpty();
            error = lastError;
        }
        StringBuilder detail = new StringBuilder()
                .append(services)
                .append(" service(s), ")
                .append(registered)
                .append(" registered");
        if (pending > 0) {
            detail.append(drainingNow ? ", unregistering" : ", registering");
        }
        detail.append("; ").append(inFlight).append(" call(s) in flight");
        if (error != null) {
            detail.append("; registry error: ").append(error);
        }
        if (!drainingNow) {
            return new ParticipantStatus(inFlight == 0, inFlight, detail.toString());
        }
        long now = System.nanoTime();
        // The consumers' notification delay matters only when the drain took something out of the registry:
        // an app that registered nothing (no provider, or register=false) has no consumer to wait for, and an
        // app that exports no service (Dubbo only as a consumer) has no call to wait for either.
        boolean quiet = unregisteredAt != 0
                && (services == 0
                        || (!consumersToWaitFor || now - unregisteredAt >= registryDelay.toNanos())
                                && now - calls.lastActivityNanos() >= quietPeriod.toNanos());
        boolean idle = pending == 0 && error == null && registered == 0 && inFlight == 0 && quiet;
        if (!idle && inFlight == 0 && registered == 0 && pending == 0 && error == null) {
            detail.append(", waiting for the consumers to move away (registry delay ")
                    .append(registryDelay.toMillis())
                    .append(" ms, quiet period ")
                    .append(quietPeriod.toMillis())
                    .append(" ms)");
        }
        return new ParticipantStatus(idle, inFlight, detail.toString());
    }

    @Override
    public void close() {
        registryCalls.shutdownNow();
    }

    @Override
    public String toString() {
        return "DubboProvidersParticipant[" + status().detail() + "]";
    }
}
