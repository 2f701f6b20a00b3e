package dev.nonstop.spring.boot.session;

import dev.nonstop.spring.boot.NonstopSettings;
import java.util.Locale;
import org.springframework.beans.factory.BeanClassLoaderAware;
import org.springframework.boot.autoconfigure.AutoConfigurationImportFilter;
import org.springframework.boot.autoconfigure.AutoConfigurationMetadata;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.Environment;
import org.springframework.core.env.PropertySource;
import org.springframework.util.ClassUtils;

/**
 * Keeps Spring Boot 3's own session auto-configuration from switching on just because the starter
 * brought {@code spring-session-jdbc}: on Boot 3 that library alone turns on JDBC sessions on the
 * app's own {@code DataSource}, whose database usually has no session tables.
 *
 * <p>Boot 3's {@value #BOOT3_SESSION_AUTO_CONFIGURATION} is left out unless the app opted in to
 * Spring Session itself, that is when any of these holds:
 *
 * <ul>
 *   <li>{@code nonstop.session.store} is {@code jdbc} or {@code redis}: the starter's store is the
 *       session repository and Boot's configuration backs off from it (it still applies {@code
 *       server.servlet.session.cookie.*} to the cookie);
 *   <li>{@code nonstop.session.store=app}: the app configures Spring Session itself;
 *   <li>any {@code spring.session.*} property is set (for example {@code
 *       spring.session.jdbc.initialize-schema});
 *   <li>a Spring Session store the starter does not bring is on the classpath (Redis, MongoDB,
 *       Hazelcast): the app added it.
 * </ul>
 *
 * <p>Does nothing on Spring Boot 4, whose session auto-configurations live in modules of their own
 * ({@code spring-boot-session-jdbc}, ...) that an app adds on purpose.
 */
public final class Boot3SessionFilter implements AutoConfigurationImportFilter, EnvironmentAware, BeanClassLoaderAware {

    static final String BOOT3_SESSION_AUTO_CONFIGURATION =
            "org.springframework.boot.autoconfigure.session.SessionAutoConfiguration";

    private static final String[] STORES_THE_STARTER_DOES_NOT_BRING = {
        "org.springframework.session.data.redis.RedisSessionRepository",
        "org.springframework.session.data.mongo.MongoIndexedSessionRepository",
        "org.springframework.session.hazelcast.HazelcastIndexedSessionRepository"
    };

    private Environment environment;
    private ClassLoader classLoader = Boot3SessionFilter.class.getClassLoader();

    @Override
    public void setEnvironment(Environment environment) {
        this.environment = environment;
    }

    @Override
    public void setBeanClassLoader(ClassLoader classLoader) {
        this.classLoader = classLoader;
    }

    @Override
    public boolean[] match(String[] autoConfigurationClasses, AutoConfigurationMetadata metadata) {
        boolean[] matches = new boolean[autoConfigurationClasses.length];
        Boolean optedIn = null;
        for (int i = 0; i < autoConfigurationClasses.length; i++) {
            if (BOOT3_SESSION_AUTO_CONFIGURATION.equals(autoConfigurationClasses[i])) {
                if (optedIn == null) {
                    optedIn = appOptedIn();
                }
                matches[i] = optedIn;
            } else {
                matches[i] = true;
            }
        }
        return matches;
    }

    /** Whether Boot 3's session auto-configuration stays. */
    boolean appOptedIn() {
        if (environment == null) {
            return true; // nothing to decide on: leave Boot as it is
        }
        String store = environment
                .getProperty(NonstopSettings.SESSION_STORE, "")
                .trim()
                .toLowerCase(Locale.ROOT);
        if (!store.isEmpty() && !store.equals("none")) {
            return true; // jdbc, redis, app (and a typo, which the starter reports at startup)
        }
        if (hasSpringSessionProperty()) {
            return true;
        }
        for (String repository : STORES_THE_STARTER_DOES_NOT_BRING) {
            if (ClassUtils.isPresent(repository, classLoader)) {
                return true;
            }
        }
        return false;
    }

    private boolean hasSpringSessionProperty() {
        if (!(environment instanceof ConfigurableEnvironment configurable)) {
            return false;
        }
        for (PropertySource<?> source : configurable.getPropertySources()) {
            if (source instanceof EnumerablePropertySource<?> enumerable) {
                for (String name : enumerable.getPropertyNames()) {
                    if (name.startsWith("spring.session.") || name.startsWith("SPRING_SESSION_")) {
                        return true;
                    }
                }
            }
        }
        return false;
    }
}
