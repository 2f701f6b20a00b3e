package dev.nonstop.spring.boot;

import java.util.Locale;
import java.util.Optional;
import org.springframework.core.env.Environment;

/**
 * What the starter reads from the Spring environment. The Nonstop agent hands it to every instance
 * as environment variables, which Spring's relaxed binding maps to these properties:
 *
 * <ul>
 *   <li>{@code nonstop.app.token} ({@code NONSTOP_APP_TOKEN}): the token the contract endpoints require;
 *   <li>{@code nonstop.instance.id} ({@code NONSTOP_INSTANCE_ID}): the instance id in the status;
 *   <li>{@code nonstop.app.version}: the version in the status (default: the build info's version,
 *       else the main jar's {@code Implementation-Version}, else {@code unknown});
 *   <li>{@code nonstop.session.store} ({@code NONSTOP_SESSION_STORE}): {@code jdbc} (with {@code
 *       nonstop.session.jdbc.url}, {@code .username}, {@code .password}), {@code redis} (with {@code
 *       nonstop.session.redis.url}), {@code none} (the default: sessions stay in the web
 *       server's memory, for Spring MVC and WebFlux alike) or {@code app} (the app configures Spring Session itself and the starter
 *       stays out of it). On Spring Boot 3 the starter keeps Boot's own session auto-configuration
 *       off unless the app opted in to Spring Session: {@code app}, any {@code spring.session.*}
 *       property, or a session store library the starter does not bring (see {@link
 *       dev.nonstop.spring.boot.session.Boot3SessionFilter}).
 * </ul>
 */
public final class NonstopSettings {

    public static final String TOKEN = "nonstop.app.token";
    public static final String INSTANCE_ID = "nonstop.instance.id";
    public static final String VERSION = "nonstop.app.version";
    public static final String SESSION_STORE = "nonstop.session.store";
    public static final String SESSION_JDBC_URL = "nonstop.session.jdbc.url";
    public static final String SESSION_JDBC_USERNAME = "nonstop.session.jdbc.username";
    public static final String SESSION_JDBC_PASSWORD = "nonstop.session.jdbc.password";
    public static final String SESSION_REDIS_URL = "nonstop.session.redis.url";

    /** Where sessions are kept. */
    public enum SessionStore {
        /** In the app's own memory (or wherever the app's own Spring Session configuration puts them). */
        NONE,
        JDBC,
        REDIS,
        /** The app configures Spring Session itself (Spring Boot's own session support or its own beans). */
        APP
    }

    private NonstopSettings() {}

    /** {@link #SESSION_STORE}, checked. */
    public static SessionStore sessionStore(Environment environment) {
        String value = environment.getProperty(SESSION_STORE, "");
        switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "":
            case "none":
                return SessionStore.NONE;
            case "jdbc":
                return SessionStore.JDBC;
            case "redis":
                return SessionStore.REDIS;
            case "app":
                return SessionStore.APP;
            default:
                throw new IllegalArgumentException(
                        SESSION_STORE + " (NONSTOP_SESSION_STORE): " + value + " (expected: jdbc, redis, none or app)");
        }
    }

    /** A property that must be set, with a message naming it and its environment variable. */
    public static String required(Environment environment, String property, String expectation) {
        String value = environment.getProperty(property);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(
                    property + " (" + envName(property) + "): not set (expected: " + expectation + ")");
        }
        return value.trim();
    }

    static Optional<String> optional(Environment environment, String property) {
        String value = environment.getProperty(property);
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
    }

    /** The environment variable Spring maps to {@code property}. */
    public static String envName(String property) {
        return property.replace('.', '_').replace("-", "").toUpperCase(Locale.ROOT);
    }
}
