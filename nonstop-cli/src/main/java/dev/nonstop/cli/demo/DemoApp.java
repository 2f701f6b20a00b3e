package dev.nonstop.cli.demo;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * What the release demo runs and drives: the app's v1 and v2 jars, its readiness path and smoke check, the
 * environment of its instances, the anonymous load and how its users log in.
 *
 * @param label how the terminal names it ("the sample app")
 * @param load the anonymous requests (weight, path), none needing a session
 * @param rate the load's requests per second in all, 0 for as fast as the connections go
 * @param readinessTimeout how long a new instance may take to be ready
 */
record DemoApp(
        String label,
        Path v1,
        Path v2,
        String readinessPath,
        String smokePath,
        Map<String, String> env,
        List<Weighted> load,
        double rate,
        Duration readinessTimeout,
        UserLogin login) {

    /** The same app, its instances given {@code more} variables too. */
    DemoApp withEnv(Map<String, String> more) {
        Map<String, String> all = new java.util.HashMap<>(env);
        all.putAll(more);
        return new DemoApp(
                label, v1, v2, readinessPath, smokePath, Map.copyOf(all), load, rate, readinessTimeout, login);
    }

    /** One kind of request in the load: {@code weight} of every sum-of-weights requests. */
    record Weighted(int weight, String method, String target, int bodyBytes) {}

    /** The choices of {@code --app}. */
    enum Kind {
        SAMPLE,
        SPRING
    }

    /** The plain sample app (stateless signed session cookies), its jars shipped inside nonstop.jar. */
    static DemoApp sample(Path dir) throws IOException {
        return new DemoApp(
                "the sample app",
                extract("nonstop-sample-app-v1.jar", dir),
                extract("nonstop-sample-app-v2.jar", dir),
                "/ready",
                "/version",
                Map.of("SAMPLE_SESSION_SECRET", "nonstop-demo-secret", "SAMPLE_STARTUP_DELAY_MS", "300"),
                List.of(
                        new Weighted(6, "GET", "/", 0),
                        new Weighted(3, "POST", "/orders", 1024),
                        new Weighted(1, "GET", "/slow?ms=200", 0)),
                0,
                Duration.ofSeconds(30),
                UserLogin.SAMPLE);
    }

    /**
     * The Spring Boot sample (form login, JPA, sessions through the Nonstop starter in the store {@code nonstop up}
     * offers), its jars built in {@code nonstop-sample-spring/target} of the source tree ({@code ./nonstop demo
     * --app spring} builds them).
     *
     * @param home the source tree: the {@code nonstop.home} system property the {@code ./nonstop} script sets, or
     *     the working directory
     */
    static DemoApp spring(Path home) throws IOException {
        Path target = home.resolve("nonstop-sample-spring").resolve("target");
        return new DemoApp(
                "the Spring Boot sample",
                built(target.resolve("nonstop-sample-spring-v1.jar")),
                built(target.resolve("nonstop-sample-spring-v2.jar")),
                "/actuator/health/readiness",
                "/version",
                // Quicker starts on a small machine (the JVM reads this variable itself): C1 only, one GC thread.
                Map.of("JAVA_TOOL_OPTIONS", "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC"),
                List.of(new Weighted(9, "GET", "/version", 0), new Weighted(1, "GET", "/slow?ms=200", 0)),
                // Bounded, so that each new instance's start (seconds of Spring Boot) is not starved on two cores.
                300,
                // A Spring Boot start under the demo's load on a slow 2-core VM has taken up to 3 minutes.
                Duration.ofMinutes(5),
                UserLogin.SPRING_FORM);
    }

    private static Path built(Path jar) throws IOException {
        if (!Files.isRegularFile(jar)) {
            throw new IOException("the Spring sample's " + jar.getFileName() + " is not built (looked at " + jar
                    + "); run ./nonstop demo --app spring from the source tree, which builds it, or"
                    + " ./mvnw -pl nonstop-sample-spring -am package");
        }
        return jar;
    }

    static Path extract(String jar, Path dir) throws IOException {
        try (InputStream in = DemoApp.class.getResourceAsStream(jar)) {
            if (in == null) {
                throw new IOException("the demo's " + jar
                        + " is missing from the nonstop jar; rebuild it (./mvnw -pl nonstop-cli -am install)");
            }
            Path target = dir.resolve(jar);
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
            return target;
        }
    }
}
