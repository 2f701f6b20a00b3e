package dev.nonstop.spring.boot;

import dev.nonstop.app.DrainParticipant;
import dev.nonstop.app.NonstopApp;
import dev.nonstop.spring.boot.session.NonstopSessionConfiguration;
import dev.nonstop.spring.boot.web.NonstopWebConfiguration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.boot.info.BuildProperties;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;

/**
 * Makes a Spring Boot app (4.0, also 3.5) releasable by Nonstop with nothing but the dependency.
 *
 * <p>What it does:
 *
 * <ul>
 *   <li><b>The contract</b>: {@code GET /nonstop/status}, {@code POST /nonstop/drain}, {@code POST
 *       /nonstop/resume}, each requiring {@code Authorization: Bearer <NONSTOP_APP_TOKEN>} (401
 *       otherwise), answered by a servlet {@code Filter} (Spring MVC) or a {@code WebFilter}
 *       (WebFlux) ahead of everything else, Spring Security included. No token configured: the
 *       endpoints refuse every request.
 *   <li><b>In-flight requests</b>: every other request is counted from the moment it enters the
 *       server until its response is complete, asynchronous Spring MVC requests until the async
 *       processing completes.
 *   <li><b>Readiness</b>: a drain publishes {@code ReadinessState.REFUSING_TRAFFIC}, so {@code
 *       /actuator/health/readiness} answers {@code OUT_OF_SERVICE}; a resume {@code ACCEPTING_TRAFFIC}.
 *   <li><b>Graceful shutdown</b>: {@code server.shutdown=graceful} unless the app says otherwise
 *       (see {@link GracefulShutdownDefaults}).
 *   <li><b>Participants</b>: every {@link DrainParticipant} bean is drained, resumed and listed in
 *       the status, after the built-in {@code http} and {@code readiness} ones.
 *   <li><b>Shared sessions</b> (Spring MVC and WebFlux): with {@code nonstop.session.store=jdbc} ({@code
 *       NONSTOP_SESSION_STORE=jdbc}) sessions live in the database at {@code nonstop.session.jdbc.url}
 *       (with {@code .username}, {@code .password}), the tables created when missing (H2,
 *       PostgreSQL, MariaDB/MySQL and the other databases Spring Session ships a schema for); with
 *       {@code redis}, in the Redis at {@code nonstop.session.redis.url}. Each store gets a connection
 *       pool of its own: the app's own {@code DataSource}, transaction manager and Redis connection
 *       are neither replaced nor used. The starter brings {@code spring-session-jdbc}, {@code
 *       HikariCP} and the H2 driver, so the embedded store of {@code nonstop up} ({@code
 *       jdbc:h2:tcp://127.0.0.1:...}, handed in {@code NONSTOP_SESSION_*}) works with nothing added;
 *       for PostgreSQL, MariaDB or another database the app has (or adds) the driver, else the start
 *       fails naming {@code NONSTOP_SESSION_JDBC_URL} and the driver. Redis is the app's choice:
 *       {@code org.springframework.session:spring-session-data-redis} with {@code
 *       io.lettuce:lettuce-core}; {@code redis} without them fails the start saying so. With {@code
 *       none} (the default) sessions stay in the container's memory, and on Spring Boot 3 Boot's own
 *       session auto-configuration stays off although {@code spring-session-jdbc} is on the classpath
 *       (it would put sessions in the app's own database), unless the app opts in to Spring Session
 *       itself: {@code nonstop.session.store=app} or any {@code spring.session.*} property (see
 *       {@link dev.nonstop.spring.boot.session.Boot3SessionFilter}). An app that configures Spring
 *       Session itself (its own {@code
 *       SessionRepository} bean, or for WebFlux its own {@code ReactiveSessionRepository} or {@code
 *       WebSessionManager}) keeps its configuration: the starter backs off. On WebFlux the JDBC
 *       store's calls run on {@code Schedulers.boundedElastic()}, and the session cookie carries the
 *       id as Spring MVC's does, so a Spring MVC and a WebFlux version of an app share their users'
 *       sessions too. Sessions are stored
 *       with Java serialization, so v1 and v2 read each other's sessions as long as the classes kept
 *       in them are serialization-compatible (give them a fixed {@code serialVersionUID}).
 * </ul>
 *
 * <p>The settings and their environment variables: {@link NonstopSettings}. Replace the {@link
 * NonstopApp} bean to build the app state yourself.
 */
@AutoConfiguration(
        beforeName = {
            // Boot 3: one auto-configuration for every store.
            "org.springframework.boot.autoconfigure.session.SessionAutoConfiguration",
            // Boot 4: one module per store.
            "org.springframework.boot.session.autoconfigure.SessionAutoConfiguration",
            "org.springframework.boot.session.jdbc.autoconfigure.JdbcSessionAutoConfiguration",
            "org.springframework.boot.session.data.redis.autoconfigure.SessionDataRedisAutoConfiguration",
            // WebFlux's in-memory webSessionManager backs off from the starter's (Boot 3, Boot 4).
            "org.springframework.boot.autoconfigure.web.reactive.WebFluxAutoConfiguration",
            "org.springframework.boot.webflux.autoconfigure.WebFluxAutoConfiguration"
        })
@Import({NonstopWebConfiguration.class, NonstopSessionConfiguration.class})
public class NonstopAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    public NonstopApp nonstopApp(
            Environment environment,
            ApplicationContext context,
            ObjectProvider<ApplicationAvailability> availability,
            ObjectProvider<BuildProperties> buildProperties) {
        Map<String, String> env = new HashMap<>();
        NonstopSettings.optional(environment, NonstopSettings.INSTANCE_ID)
                .ifPresent(id -> env.put(NonstopApp.INSTANCE_ID_ENV, id));
        NonstopSettings.optional(environment, NonstopSettings.TOKEN)
                .ifPresent(token -> env.put(NonstopApp.APP_TOKEN_ENV, token));
        return NonstopApp.builder(env)
                .version(version(environment, buildProperties, context))
                .participant(new ReadinessParticipant(context, availability.getIfAvailable()))
                .build();
    }

    /** Registers the app's {@link DrainParticipant} beans once every singleton exists (no cycle with them). */
    @Bean
    public static SmartInitializingSingleton nonstopParticipantRegistration(
            ObjectProvider<NonstopApp> app, ObjectProvider<DrainParticipant> participants) {
        return () -> {
            NonstopApp nonstop = app.getObject();
            participants.orderedStream().forEach(participant -> {
                if (!nonstop.participants().contains(participant)) {
                    nonstop.register(participant);
                }
            });
        };
    }

    private static String version(
            Environment environment, ObjectProvider<BuildProperties> buildProperties, ApplicationContext context) {
        Optional<String> configured = NonstopSettings.optional(environment, NonstopSettings.VERSION);
        if (configured.isPresent()) {
            return configured.get();
        }
        BuildProperties build = buildProperties.getIfAvailable();
        if (build != null && build.getVersion() != null) {
            return build.getVersion();
        }
        String fromManifest = null;
        for (String name : context.getBeanNamesForAnnotation(SpringBootApplication.class)) {
            Class<?> type = context.getType(name);
            if (type != null && type.getPackage() != null) {
                fromManifest = type.getPackage().getImplementationVersion();
                break;
            }
        }
        return fromManifest == null || fromManifest.isBlank() ? "unknown" : fromManifest;
    }
}
