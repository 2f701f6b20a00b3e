package dev.nonstop.cli.up;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

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
     * listens on {@code basePort + n - 1}), and the environment every instance gets.
     */
    public record AppConfig(
            String name,
            String version,
            Path artifact,
            int instances,
            int basePort,
            String readinessPath,
            Map<String, String> env) {}

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
            #     readinessPath: /ready
            #     env: { SAMPLE_SESSION_SECRET: change-me }   # strings, taken as written (PORT: 0080 is "0080")
            """;
}
