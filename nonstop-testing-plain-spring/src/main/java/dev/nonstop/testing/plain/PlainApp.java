package dev.nonstop.testing.plain;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * A Spring Boot web app as a new user brings it: no Nonstop dependency, no {@code /nonstop/status}, its port from
 * Spring Boot's own {@code server.port} (the agent's {@code SERVER_PORT}), its readiness on
 * {@code /actuator/health/readiness}. Its version comes from {@code plain-version.properties}, which each version jar
 * adds; a version whose file says {@code ready=false} never reports ready.
 */
@SpringBootApplication
@RestController
public class PlainApp {
    private static final Properties VERSION = load();

    @Value("${plain.instance:unnamed}")
    private String instance;

    public static void main(String[] args) {
        SpringApplication.run(PlainApp.class, args);
    }

    /** {@code plain v1 on <instance>}. */
    @GetMapping("/")
    String hello() {
        return "plain " + version() + " on " + instance;
    }

    @GetMapping("/version")
    String version() {
        return VERSION.getProperty("version", "unknown");
    }

    /** Part of the readiness group: out of service when this version is built never to be ready. */
    @Bean
    HealthIndicator versionGate() {
        boolean ready = Boolean.parseBoolean(VERSION.getProperty("ready", "true"));
        return () -> ready
                ? Health.up().withDetail("version", version()).build()
                : Health.outOfService().withDetail("version", version()).build();
    }

    private static Properties load() {
        Properties p = new Properties();
        try (InputStream in = PlainApp.class.getResourceAsStream("/plain-version.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            throw new IllegalStateException("plain-version.properties unreadable", e);
        }
        return p;
    }
}
