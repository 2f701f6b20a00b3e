package dev.nonstop.spring.boot.session;

import dev.nonstop.spring.boot.NonstopSettings;
import java.time.Duration;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;
import org.springframework.session.SessionRepository;
import org.springframework.session.web.http.CookieHttpSessionIdResolver;
import org.springframework.session.web.http.CookieSerializer;
import org.springframework.session.web.http.DefaultCookieSerializer;
import org.springframework.session.web.http.SessionRepositoryFilter;

/**
 * Shared sessions for Spring MVC apps, chosen by {@code nonstop.session.store}. Each store has its
 * own connection pool, never a bean of a type the app or Spring Boot configures itself ({@code
 * DataSource}, {@code PlatformTransactionManager}, {@code RedisConnectionFactory}), so the app's own
 * database and Redis stay as they are. Backs off when the app has a {@link SessionRepository} of
 * its own.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@Import({
    NonstopSessionConfiguration.Store.class,
    NonstopSessionConfiguration.Jdbc.class,
    NonstopSessionConfiguration.Redis.class,
    NonstopSessionConfiguration.JdbcMissing.class,
    NonstopSessionConfiguration.RedisMissing.class
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
    @ConditionalOnClass(
            name = {
                "org.springframework.session.jdbc.JdbcIndexedSessionRepository",
                "com.zaxxer.hikari.HikariDataSource"
            })
    @ConditionalOnMissingBean(SessionRepository.class)
    static class Jdbc {

        @Bean(destroyMethod = "close")
        JdbcSessionStore nonstopJdbcSessionStore(Environment environment) {
            return JdbcSessionStore.open(environment, sessionTimeout(environment), Jdbc.class.getClassLoader());
        }

        @Bean
        SessionRepository<?> nonstopSessionRepository(JdbcSessionStore store) {
            return store.repository();
        }

        @Bean
        SessionRepositoryFilter<?> springSessionRepositoryFilter(
                SessionRepository<?> nonstopSessionRepository, ObjectProvider<CookieSerializer> cookies) {
            return filter(nonstopSessionRepository, cookies);
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnProperty(name = NonstopSettings.SESSION_STORE, havingValue = "redis")
    @ConditionalOnClass(
            name = {"org.springframework.session.data.redis.RedisSessionRepository", "io.lettuce.core.RedisURI"})
    @ConditionalOnMissingBean(SessionRepository.class)
    static class Redis {

        @Bean(destroyMethod = "close")
        RedisSessionStore nonstopRedisSessionStore(Environment environment) {
            return RedisSessionStore.open(environment, sessionTimeout(environment), Redis.class.getClassLoader());
        }

        @Bean
        SessionRepository<?> nonstopSessionRepository(RedisSessionStore store) {
            return store.repository();
        }

        @Bean
        SessionRepositoryFilter<?> springSessionRepositoryFilter(
                SessionRepository<?> nonstopSessionRepository, ObjectProvider<CookieSerializer> cookies) {
            return filter(nonstopSessionRepository, cookies);
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

    /** {@code server.servlet.session.timeout}, 30 minutes by default as for the container's sessions. */
    static Duration sessionTimeout(Environment environment) {
        return Binder.get(environment)
                .bind("server.servlet.session.timeout", Duration.class)
                .orElse(Duration.ofMinutes(30));
    }

    private static SessionRepositoryFilter<?> filter(
            SessionRepository<?> repository, ObjectProvider<CookieSerializer> cookies) {
        @SuppressWarnings({"rawtypes", "unchecked"})
        SessionRepositoryFilter<?> filter = new SessionRepositoryFilter(repository);
        CookieHttpSessionIdResolver resolver = new CookieHttpSessionIdResolver();
        resolver.setCookieSerializer(cookies.getIfAvailable(DefaultCookieSerializer::new));
        filter.setHttpSessionIdResolver(resolver);
        return filter;
    }
}
