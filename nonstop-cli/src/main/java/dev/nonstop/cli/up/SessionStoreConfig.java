package dev.nonstop.cli.up;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The session store {@code nonstop up} offers its apps ({@code sessions:} in {@code nonstop.yaml}), handed to every
 * instance in its environment ({@code NONSTOP_SESSION_*}, which the Nonstop Spring Boot starter reads) so that
 * users stay logged in when a release replaces the instance that served them.
 *
 * @param store {@link Store#EMBEDDED} (the default: an H2 server on loopback, see {@link EmbeddedSessionStore}),
 *     {@link Store#JDBC} or {@link Store#REDIS} (a store the user runs), or {@link Store#NONE}
 * @param port the embedded store's port, 0 for any free one
 * @param url the JDBC URL ({@code jdbc}) or {@code redis://[:password@]host:port[/db]} ({@code redis}); empty otherwise
 * @param username the JDBC user ({@code jdbc} only; may be empty)
 * @param password the JDBC password ({@code jdbc} only; may be empty)
 */
public record SessionStoreConfig(Store store, int port, String url, String username, String password) {

    /** Where the sessions live. */
    public enum Store {
        EMBEDDED,
        JDBC,
        REDIS,
        NONE
    }

    public SessionStoreConfig {
        Objects.requireNonNull(store, "store");
        url = Objects.requireNonNullElse(url, "");
        username = Objects.requireNonNullElse(username, "");
        password = Objects.requireNonNullElse(password, "");
    }

    /** The default: the embedded store on any free loopback port. */
    public static SessionStoreConfig embedded() {
        return new SessionStoreConfig(Store.EMBEDDED, 0, "", "", "");
    }

    /** The environment for a store the user runs ({@code jdbc}, {@code redis}); empty for the others. */
    Map<String, String> externalEnv() {
        Map<String, String> env = new LinkedHashMap<>();
        switch (store) {
            case JDBC -> {
                env.put(EmbeddedSessionStore.STORE_VARIABLE, "jdbc");
                env.put("NONSTOP_SESSION_JDBC_URL", url);
                env.put("NONSTOP_SESSION_JDBC_USERNAME", username);
                env.put("NONSTOP_SESSION_JDBC_PASSWORD", password);
            }
            case REDIS -> {
                env.put(EmbeddedSessionStore.STORE_VARIABLE, "redis");
                env.put("NONSTOP_SESSION_REDIS_URL", url);
            }
            case EMBEDDED, NONE -> {}
        }
        return Map.copyOf(env);
    }

    /** Hides the password: configs end up in logs and error messages. */
    @Override
    public String toString() {
        return "SessionStoreConfig[store=" + store + ", port=" + port + ", url=" + url + ", username=" + username
                + ", password=" + (password.isEmpty() ? "" : "[hidden]") + "]";
    }
}
