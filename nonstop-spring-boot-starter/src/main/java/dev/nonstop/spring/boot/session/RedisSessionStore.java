package dev.nonstop.spring.boot.session;

import dev.nonstop.spring.boot.NonstopSettings;
import io.lettuce.core.RedisURI;
import java.time.Duration;
import org.springframework.core.env.Environment;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisPassword;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.ReactiveRedisTemplate;
import org.springframework.data.redis.core.RedisTemplate;
import org.springframework.data.redis.serializer.JdkSerializationRedisSerializer;
import org.springframework.data.redis.serializer.RedisSerializationContext;
import org.springframework.data.redis.serializer.StringRedisSerializer;
import org.springframework.session.data.redis.ReactiveRedisSessionRepository;
import org.springframework.session.data.redis.RedisSessionRepository;

/**
 * Sessions in a Redis of their own: a Lettuce connection on {@code nonstop.session.redis.url}
 * ({@code redis://[:password@]host:port[/db]}) and the repository on top, Spring Session's {@link
 * RedisSessionRepository} for Spring MVC or its {@link ReactiveRedisSessionRepository} for WebFlux:
 * both keep a session in the same hash ({@code spring:session:sessions:<id>}), with the same
 * serialization. The connection factory is not a bean, so the app's own Redis (if any) stays as it
 * is.
 */
public final class RedisSessionStore implements AutoCloseable {

    private final LettuceConnectionFactory connections;
    private final Duration timeout;
    private final JdkSerializationRedisSerializer values;

    private RedisSessionStore(LettuceConnectionFactory connections, Duration timeout, ClassLoader classLoader) {
        this.connections = connections;
        this.timeout = timeout;
        this.values = new JdkSerializationRedisSerializer(classLoader);
    }

    static RedisSessionStore open(Environment environment, Duration timeout, ClassLoader classLoader) {
        String url = NonstopSettings.required(
                environment, NonstopSettings.SESSION_REDIS_URL, "redis://[:password@]host:port[/db]");
        RedisURI uri;
        try {
            uri = RedisURI.create(url);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(NonstopSettings.SESSION_REDIS_URL + " ("
                    + NonstopSettings.envName(NonstopSettings.SESSION_REDIS_URL) + "): " + url
                    + " (expected: redis://[:password@]host:port[/db])");
        }
        RedisStandaloneConfiguration server = new RedisStandaloneConfiguration(uri.getHost(), uri.getPort());
        server.setDatabase(uri.getDatabase());
        if (uri.getPassword() != null && uri.getPassword().length > 0) {
            server.setPassword(RedisPassword.of(uri.getPassword()));
        }
        if (uri.getUsername() != null) {
            server.setUsername(uri.getUsername());
        }
        LettuceConnectionFactory connections = new LettuceConnectionFactory(server);
        connections.afterPropertiesSet();
        connections.start();
        // Fail at startup, naming the setting, rather than on a user's first request.
        try (RedisConnection connection = connections.getConnection()) {
            String pong = connection.ping();
            if (!"PONG".equalsIgnoreCase(pong)) {
                throw new IllegalStateException("the session Redis answered PING with " + pong);
            }
        } catch (RuntimeException e) {
            connections.destroy();
            throw new IllegalStateException(
                    "cannot use the session Redis at " + NonstopSettings.SESSION_REDIS_URL + ": " + e.getMessage(), e);
        }
        return new RedisSessionStore(connections, timeout, classLoader);
    }

    /** For Spring MVC. */
    RedisSessionRepository repository() {
        RedisTemplate<String, Object> template = new RedisTemplate<>();
        template.setConnectionFactory(connections);
        template.setKeySerializer(new StringRedisSerializer());
        template.setHashKeySerializer(new StringRedisSerializer());
        template.setValueSerializer(values);
        template.setHashValueSerializer(values);
        template.afterPropertiesSet();
        RedisSessionRepository repository = new RedisSessionRepository(template);
        repository.setDefaultMaxInactiveInterval(timeout);
        return repository;
    }

    /** For WebFlux. */
    ReactiveRedisSessionRepository reactiveRepository() {
        RedisSerializationContext<String, Object> serialization =
                RedisSerializationContext.<String, Object>newSerializationContext(values)
                        .key(new StringRedisSerializer())
                        .hashKey(new StringRedisSerializer())
                        .build();
        ReactiveRedisSessionRepository repository =
                new ReactiveRedisSessionRepository(new ReactiveRedisTemplate<>(connections, serialization));
        repository.setDefaultMaxInactiveInterval(timeout);
        return repository;
    }

    @Override
    public void close() {
        connections.destroy();
    }
}
