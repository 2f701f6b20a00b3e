package dev.nonstop.spring.boot.session;

import dev.nonstop.spring.boot.NonstopSettings;
import java.time.Duration;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
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
 * Shared sessions for Spring MVC apps: the store's {@link SessionRepository} behind Spring
 * Session's {@code springSessionRepositoryFilter}, with the {@code SESSION} cookie of the app's
 * {@link CookieSerializer} (Spring Session's defaults otherwise). Backs off when the app has a
 * {@link SessionRepository} of its own.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@Import({ServletSessionConfiguration.Jdbc.class, ServletSessionConfiguration.Redis.class})
class ServletSessionConfiguration {

    static final String TIMEOUT = "server.servlet.session.timeout";

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
            return JdbcSessionStore.open(environment, timeout(environment), Jdbc.class.getClassLoader());
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
            return RedisSessionStore.open(environment, timeout(environment), Redis.class.getClassLoader());
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

    private static Duration timeout(Environment environment) {
        return NonstopSessionConfiguration.sessionTimeout(environment, TIMEOUT);
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
