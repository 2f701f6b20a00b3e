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
import org.springframework.session.ReactiveSessionRepository;
import org.springframework.session.Session;
import org.springframework.session.web.server.session.SpringSessionWebSessionStore;
import org.springframework.web.server.adapter.WebHttpHandlerBuilder;
import org.springframework.web.server.session.CookieWebSessionIdResolver;
import org.springframework.web.server.session.DefaultWebSessionManager;
import org.springframework.web.server.session.WebSessionIdResolver;
import org.springframework.web.server.session.WebSessionManager;

/**
 * Shared sessions for WebFlux apps, as Spring Session's {@code @EnableSpringWebSession} sets them
 * up: the store's {@link ReactiveSessionRepository} behind a {@link SpringSessionWebSessionStore},
 * in the {@code webSessionManager} WebFlux uses (Spring Boot's in-memory one backs off by name).
 * Backs off when the app has a {@link ReactiveSessionRepository} or a {@link WebSessionManager} of
 * its own.
 *
 * <p>Session ids travel in the app's {@link WebSessionIdResolver} (Spring Boot's {@code SESSION}
 * cookie, set by {@code server.reactive.session.cookie.*}); a cookie carries the id Base64-encoded
 * as Spring Session's servlet {@code DefaultCookieSerializer} writes it ({@link
 * Base64CookieSessionIdResolver}), so a cookie from a Spring MVC version of the app finds its session
 * in a WebFlux version and back.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
@ConditionalOnClass(
        name = {
            "org.springframework.session.web.server.session.SpringSessionWebSessionStore",
            "reactor.core.publisher.Mono"
        })
@Import({ReactiveSessionConfiguration.Jdbc.class, ReactiveSessionConfiguration.Redis.class})
class ReactiveSessionConfiguration {

    static final String TIMEOUT = "server.reactive.session.timeout";

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnProperty(name = NonstopSettings.SESSION_STORE, havingValue = "jdbc")
    @ConditionalOnClass(
            name = {
                "org.springframework.session.jdbc.JdbcIndexedSessionRepository",
                "com.zaxxer.hikari.HikariDataSource"
            })
    @ConditionalOnMissingBean({ReactiveSessionRepository.class, WebSessionManager.class})
    static class Jdbc {

        @Bean(destroyMethod = "close")
        JdbcSessionStore nonstopJdbcSessionStore(Environment environment) {
            return JdbcSessionStore.open(environment, timeout(environment), Jdbc.class.getClassLoader());
        }

        @Bean
        ReactiveSessionRepository<?> nonstopReactiveSessionRepository(JdbcSessionStore store) {
            return store.reactiveRepository();
        }

        @Bean(WebHttpHandlerBuilder.WEB_SESSION_MANAGER_BEAN_NAME)
        WebSessionManager webSessionManager(
                ReactiveSessionRepository<?> nonstopReactiveSessionRepository,
                ObjectProvider<WebSessionIdResolver> ids) {
            return sessionManager(nonstopReactiveSessionRepository, ids);
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnProperty(name = NonstopSettings.SESSION_STORE, havingValue = "redis")
    @ConditionalOnClass(
            name = {"org.springframework.session.data.redis.ReactiveRedisSessionRepository", "io.lettuce.core.RedisURI"
            })
    @ConditionalOnMissingBean({ReactiveSessionRepository.class, WebSessionManager.class})
    static class Redis {

        @Bean(destroyMethod = "close")
        RedisSessionStore nonstopRedisSessionStore(Environment environment) {
            return RedisSessionStore.open(environment, timeout(environment), Redis.class.getClassLoader());
        }

        @Bean
        ReactiveSessionRepository<?> nonstopReactiveSessionRepository(RedisSessionStore store) {
            return store.reactiveRepository();
        }

        @Bean(WebHttpHandlerBuilder.WEB_SESSION_MANAGER_BEAN_NAME)
        WebSessionManager webSessionManager(
                ReactiveSessionRepository<?> nonstopReactiveSessionRepository,
                ObjectProvider<WebSessionIdResolver> ids) {
            return sessionManager(nonstopReactiveSessionRepository, ids);
        }
    }

    private static Duration timeout(Environment environment) {
        return NonstopSessionConfiguration.sessionTimeout(environment, TIMEOUT);
    }

    private static <S extends Session> WebSessionManager sessionManager(
            ReactiveSessionRepository<S> repository, ObjectProvider<WebSessionIdResolver> ids) {
        DefaultWebSessionManager manager = new DefaultWebSessionManager();
        manager.setSessionStore(new SpringSessionWebSessionStore<>(repository));
        WebSessionIdResolver resolver = ids.getIfAvailable(CookieWebSessionIdResolver::new);
        manager.setSessionIdResolver(
                resolver instanceof CookieWebSessionIdResolver
                        ? new Base64CookieSessionIdResolver(resolver)
                        : resolver);
        return manager;
    }
}
