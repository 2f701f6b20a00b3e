package dev.nonstop.spring.boot.session;

import dev.nonstop.spring.boot.NonstopSettings;
import java.time.Duration;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;

/**
 * Shared sessions for web apps, chosen by {@code nonstop.session.store}: {@link
 * ServletSessionConfiguration} for Spring MVC, {@link ReactiveSessionConfiguration} for WebFlux,
 * both on the same stores ({@link JdbcSessionStore}, {@link RedisSessionStore}). Each store has its
 * own connection pool, never a bean of a type the app or Spring Boot configures itself ({@code
 * DataSource}, {@code PlatformTransactionManager}, {@code RedisConnectionFactory}), so the app's own
 * database and Redis stay as they are. What both web stacks share lives here: the check of the
 * setting and the startup failures that name a missing library.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication
@Import({
    NonstopSessionConfiguration.Store.class,
    NonstopSessionConfiguration.JdbcMissing.class,
    NonstopSessionConfiguration.RedisMissing.class,
    ServletSessionConfiguration.class,
    ReactiveSessionConfiguration.class
})
public class NonstopSessionConfiguration {

    /** Checks {@code nonstop.session.store} at startup, so a typo fails the start with the property named. */
    @Configuration(proxyBeanMethods = false)
    static class Store {

        @Bean
        static InitializingBean nonstopSessionStoreCheck(Environment environment) {
            return () -> NonstopSettings.sessionStore(environment);
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnProperty(name = NonstopSettings.SESSION_STORE, havingValue = "jdbc")
    @ConditionalOnMissingClass({
        "org.springframework.session.jdbc.JdbcIndexedSessionRepository",
        "com.zaxxer.hikari.HikariDataSource"
    })
    static class JdbcMissing {

        @Bean
        static InitializingBean nonstopJdbcSessionStoreMissing() {
            return () -> {
                throw new IllegalStateException(NonstopSettings.SESSION_STORE + "=jdbc ("
                        + NonstopSettings.envName(NonstopSettings.SESSION_STORE) + ") but the app lacks "
                        + "org.springframework.session:spring-session-jdbc or com.zaxxer:HikariCP, which the "
                        + "starter brings: do not exclude them");
            };
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnProperty(name = NonstopSettings.SESSION_STORE, havingValue = "redis")
    @ConditionalOnMissingClass({
        "org.springframework.session.data.redis.RedisSessionRepository",
        "io.lettuce.core.RedisURI"
    })
    static class RedisMissing {

        @Bean
        static InitializingBean nonstopRedisSessionStoreMissing() {
            return () -> {
                throw new IllegalStateException(NonstopSettings.SESSION_STORE + "=redis ("
                        + NonstopSettings.envName(NonstopSettings.SESSION_STORE) + ") but the app lacks "
                        + "org.springframework.session:spring-session-data-redis or io.lettuce:lettuce-core: "
                        + "add both to the app's dependencies for sessions in Redis");
            };
        }
    }

    /**
     * The session timeout at {@code property} ({@code server.servlet.session.timeout} or {@code
     * server.reactive.session.timeout}), 30 minutes by default as for the server's own sessions.
     */
    static Duration sessionTimeout(Environment environment, String property) {
        return Binder.get(environment).bind(property, Duration.class).orElse(Duration.ofMinutes(30));
    }
}
