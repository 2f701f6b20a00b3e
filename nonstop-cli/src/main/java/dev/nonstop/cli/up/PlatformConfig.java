package dev.nonstop.cli.up;

import dev.nonstop.controller.release.spec.AppSettings;
import dev.nonstop.controller.release.spec.DrainSpec;
import dev.nonstop.controller.release.spec.SmokeCheck;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What {@code nonstop up} runs, read from {@code nonstop.yaml}: where its data lives, where the
 * gateway and the controller listen, which store holds the state, and the apps to run.
 *
 * @param store {@code h2} for the embedded file store under {@code dataDir}, or a JDBC URL
 * @param sessions the session store offered to the apps' instances
 */
public record PlatformConfig(
        Path dataDir,
        InetSocketAddress gatewayListen,
        InetSocketAddress gatewayAdmin,
        InetSocketAddress controllerListen,
        String store,
        String storeUser,
        String storePassword,
        List<AppConfig> apps,
        SessionStoreConfig sessions) {

    /** With the default session store (embedded). */
    public PlatformConfig(
            Path dataDir,
            InetSocketAddress gatewayListen,
            InetSocketAddress gatewayAdmin,
            InetSocketAddress controllerListen,
            String store,
            String storeUser,
            String storePassword,
            List<AppConfig> apps) {
        this(
                dataDir,
                gatewayListen,
                gatewayAdmin,
                controllerListen,
                store,
                storeUser,
                storePassword,
                apps,
                SessionStoreConfig.embedded());
    }

    /**
     * One app: its first version's artifact, how many instances, the first port (instance n
     * listens on {@code basePort + n - 1}), how every instance is launched ({@code jvmArgs},
     * {@code args}, {@code env}: templates of {@code ${PORT}} and {@code ${INSTANCE}}) and the
     * settings every release and rollback of it uses (readiness path and timeout, smoke checks, drain).
     *
     * @param smokeChecks empty: the default, the readiness path answering 2xx
     * @param readinessTimeout how long a new instance may take to become ready; empty: the controller's default
     */
    public record AppConfig(
            String name,
            String version,
            Path artifact,
            int instances,
            int basePort,
            String readinessPath,
            Map<String, String> env,
            List<String> jvmArgs,
            List<String> args,
            Optional<List<SmokeCheck>> smokeChecks,
            DrainSpec drain,
            Optional<Duration> readinessTimeout) {

        /** An app whose new instances get the controller's default readiness timeout. */
        public AppConfig(
                String name,
                String version,
                Path artifact,
                int instances,
                int basePort,
                String readinessPath,
                Map<String, String> env,
                List<String> jvmArgs,
                List<String> args,
                Optional<List<SmokeCheck>> smokeChecks,
                DrainSpec drain) {
            this(
                    name,
                    version,
                    artifact,
                    instances,
                    basePort,
                    readinessPath,
                    env,
                    jvmArgs,
                    args,
                    smokeChecks,
                    drain,
                    Optional.empty());
        }

        /** An app launched with its environment only, released with the default smoke check and drain. */
        public AppConfig(
                String name,
                String version,
                Path artifact,
                int instances,
                int basePort,
                String readinessPath,
                Map<String, String> env) {
            this(
                    name,
                    version,
                    artifact,
                    instances,
                    basePort,
                    readinessPath,
                    env,
                    List.of(),
                    List.of(),
                    Optional.empty(),
                    DrainSpec.DEFAULT);
        }

        /**
         * {@code readinessPath: auto}: {@code nonstop up} finds the path on the app's first instance (see {@link
         * dev.nonstop.controller.client.AppProbe#READINESS_CANDIDATES}) and stores it.
         */
        public static final String FIND_READINESS = "auto";

        /**
         * What the controller stores for the app; a readiness path left to {@code auto} is the controller's default
         * until {@code nonstop up} has found it (then {@link #settings(String)}).
         */
        public AppSettings settings() {
            return settings(readinessPath.equals(FIND_READINESS) ? AppSettings.DEFAULT_READINESS_PATH : readinessPath);
        }

        /** What the controller stores for the app, its readiness path {@code readiness}. */
        public AppSettings settings(String readiness) {
            return new AppSettings(readiness, readinessTimeout, smokeChecks, drain, jvmArgs, args, env);
        }
    }

    static final String DEFAULT_YAML =
            """
            # nonstop up: the embedded setup (controller, gateway, local agent, H2 store). Every field is optional.
            dataDir: .nonstop
            gateway: { listen: 127.0.0.1:8080, admin: 127.0.0.1:9090 }
            controller: { listen: 127.0.0.1:9070, store: h2 }
            apps: []
            # The session store handed to every instance (NONSTOP_SESSION_* in its environment): embedded (an H2
            # server on 127.0.0.1, credentials made once under dataDir), jdbc (url, username, password), redis (url)
            # or none. An app whose env sets any NONSTOP_SESSION_* keeps its own.
            sessions: { store: embedded, port: 0 }
            # apps:
            #   - name: shop
            #     version: v1
            #     artifact: path/to/shop-v1.jar     # a runnable jar that listens on $PORT
            #     instances: 3
            #     basePort: 8081
            #     readinessPath: auto                  # default: found on the first instance (/actuator/health/readiness,
            #                                          # /q/health/ready, /health/readiness, /health/ready, /ready, ...)
            #     readinessTimeout: 120s               # how long a new instance may start (1s-1h); default 60s
            #     env: { SAMPLE_SESSION_SECRET: change-me }   # strings, taken as written (PORT: 0080 is "0080")
            #     jvmArgs: [-Xmx256m]                  # jvmArgs, args and env values may name ${PORT} and ${INSTANCE}
            #     args: [--spring.application.name=shop-${INSTANCE}]
            #     smokeChecks: ['GET /health 200 UP']  # default: the readiness path answering 2xx
            #     drain: { deadline: 60s, policy: fail, mode: auto }   # mode: gateway, app or auto
            """;
}
