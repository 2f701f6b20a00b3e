package dev.nonstop.spring.boot.grpc;

import io.grpc.EquivalentAddressGroup;
import io.grpc.NameResolver;
import io.grpc.NameResolverProvider;
import io.grpc.Status;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.IntUnaryOperator;

/**
 * Resolves {@code nonstop:///<app>} to the app's instances the Nonstop controller knows ({@code
 * GET /api/apps/<app>} with the controller's token), polled every {@code interval}: only the
 * instances in state {@code RUNNING} are given to the channel, so an instance a release is about
 * to drain ({@code DRAINING}) or has stopped is dropped, and a new one is added once it serves: once its gRPC
 * port accepts a connection (the controller records a new instance {@code RUNNING} when its process starts).
 * The instance's registered port is its gRPC port unless {@code grpcPort} maps it.
 *
 * <pre>{@code
 * NameResolverRegistry.getDefaultRegistry().register(
 *         new NonstopNameResolverProvider(URI.create("http://127.0.0.1:9070"), token, Duration.ofSeconds(1), p -> p));
 * ManagedChannel channel = ManagedChannelBuilder.forTarget("nonstop:///orders")
 *         .defaultLoadBalancingPolicy("round_robin").usePlaintext().build();
 * }</pre>
 */
public final class NonstopNameResolverProvider extends NameResolverProvider {

    /** The target scheme. */
    public static final String SCHEME = "nonstop";

    private static final Set<String> SERVING = Set.of("RUNNING");

    private final URI controller;
    private final String token;
    private final Duration interval;
    private final IntUnaryOperator grpcPort;
    private final HttpClient http;

    /**
     * @param controller the controller's base URI, such as {@code http://127.0.0.1:9070}
     * @param token the controller's API token
     * @param interval how often the instance list is read ({@code > 0})
     * @param grpcPort the gRPC port of an instance registered with a given port
     */
    public NonstopNameResolverProvider(URI controller, String token, Duration interval, IntUnaryOperator grpcPort) {
        this.controller = Objects.requireNonNull(controller, "controller");
        if (!"http".equals(controller.getScheme()) && !"https".equals(controller.getScheme())) {
            throw new IllegalArgumentException("controller: " + controller + " (expected: an http(s) URI)");
        }
        if (token == null || token.isBlank()) {
            throw new IllegalArgumentException(
                    "token: " + (token == null ? "null" : "blank") + " (expected: the controller's token)");
        }
        this.token = token.trim();
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("interval: " + interval + " (expected: > 0)");
        }
        this.interval = interval;
        this.grpcPort = Objects.requireNonNull(grpcPort, "grpcPort");
        this.http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    @Override
    public NameResolver newNameResolver(URI target, NameResolver.Args args) {
        if (!SCHEME.equals(target.getScheme())) {
            return null;
        }
        String path = target.getPath() == null ? "" : target.getPath();
        String app = path.startsWith("/") ? path.substring(1) : path;
        if (!app.matches("[A-Za-z0-9._-]{1,64}")) {
            throw new IllegalArgumentException("target: " + target + " (expected: nonstop:///<app name>)");
        }
        return new Resolver(app);
    }

    @Override
    public String getDefaultScheme() {
        return SCHEME;
    }

    @Override
    protected boolean isAvailable() {
        return true;
    }

    @Override
    protected int priority() {
        return 5;
    }

    @Override
    public Collection<Class<? extends SocketAddress>> getProducedSocketAddressTypes() {
        return List.of(InetSocketAddress.class);
    }

    /** The instances of {@code app} that serve now, from one controller answer. */
    List<InetSocketAddress> serving(String app) throws java.io.IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(controller.resolve("/api/apps/" + app))
                .header("Authorization", "Bearer " + token)
                .timeout(Duration.ofSeconds(5))
                .GET()
                .build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new java.io.IOException("GET " + request.uri() + ": HTTP " + response.statusCode());
        }
        Object document = ControllerJson.parse(response.body());
        List<InetSocketAddress> addresses = new ArrayList<>();
        if (document instanceof Map<?, ?> map && map.get("instances") instanceof List<?> instances) {
            for (Object item : instances) {
                if (item instanceof Map<?, ?> instance
                        && SERVING.contains(String.valueOf(instance.get("state")))
                        && instance.get("host") instanceof String host
                        && instance.get("port") instanceof Number port) {
                    addresses.add(new InetSocketAddress(host, grpcPort.applyAsInt(port.intValue())));
                }
            }
        } else {
            throw new java.io.IOException("GET " + request.uri() + ": no instances list in the answer");
        }
        return addresses;
    }

    private final class Resolver extends NameResolver {

        private final String app;
        private ScheduledExecutorService timer;
        private Listener2 listener;
        private List<InetSocketAddress> last;

        Resolver(String app) {
            this.app = app;
        }

        @Override
        public String getServiceAuthority() {
            return app;
        }

        @Override
        public synchronized void start(Listener2 listener) {
            this.listener = listener;
            timer = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread thread = new Thread(r, "nonstop-resolver-" + app);
                thread.setDaemon(true);
                return thread;
            });
            timer.scheduleWithFixedDelay(this::poll, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
        }

        private void poll() {
            List<InetSocketAddress> now;
            try {
                now = serving(app);
            } catch (Exception e) {
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                    return;
                }
                // Keep the last good list: a controller restart must not empty the channel.
                if (last == null) {
                    listener.onError(Status.UNAVAILABLE.withDescription("nonstop controller: " + e));
                }
                return;
            }
            // An instance is recorded RUNNING as soon as its process starts, seconds before its gRPC server listens:
            // one given to the channel then would fail its first connections and wait out the channel's reconnect
            // backoff even once it serves. So an address is given only once it accepts a connection; the next
            // poll tries again. (Addresses already given stay: a draining server says so itself, with GOAWAY.)
            List<InetSocketAddress> known = last == null ? List.of() : last;
            now = new ArrayList<>(now);
            now.removeIf(address -> !known.contains(address) && !accepts(address));
            if (now.equals(last)) {
                return;
            }
            last = now;
            if (now.isEmpty()) {
                listener.onError(Status.UNAVAILABLE.withDescription("no instance of " + app + " is serving"));
                return;
            }
            List<EquivalentAddressGroup> groups = new ArrayList<>();
            now.forEach(address -> groups.add(new EquivalentAddressGroup(address)));
            listener.onResult(ResolutionResult.newBuilder().setAddresses(groups).build());
        }

        private boolean accepts(InetSocketAddress address) {
            try (java.net.Socket socket = new java.net.Socket()) {
                socket.connect(address, (int) Math.min(1000, Math.max(100, interval.toMillis())));
                return true;
            } catch (java.io.IOException e) {
                return false;
            }
        }

        @Override
        public void refresh() {
            ScheduledExecutorService t = timer;
            if (t != null && !t.isShutdown()) {
                t.execute(this::poll);
            }
        }

        @Override
        public synchronized void shutdown() {
            if (timer != null) {
                timer.shutdownNow();
            }
        }
    }
}
