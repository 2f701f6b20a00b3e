package dev.nonstop.testing.plain;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * A Spring Boot web app as a new user brings it: no Nonstop dependency, no {@code /nonstop/status}, its port from
 * Spring Boot's own {@code server.port} (the agent's {@code SERVER_PORT}), no property of its own for Nonstop (its
 * readiness group {@code /actuator/health/readiness} is there because the agent turns Spring Boot's probes on). Its
 * version comes from {@code plain-version.properties}, which each version jar
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

    /**
     * The app's start-up work, as many apps have (a cache to fill, a warm-up): it never ends in a version built never
     * to be ready, so Spring Boot never moves readiness to {@code ACCEPTING_TRAFFIC} and its readiness group answers
     * 503, while the web server is up.
     */
    @Bean
    ApplicationRunner startUpWork() {
        return args -> {
            if (!Boolean.parseBoolean(VERSION.getProperty("ready", "true"))) {
                new CountDownLatch(1).await(); // never counted down; SIGTERM ends the JVM
            }
        };
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
