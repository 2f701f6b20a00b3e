package dev.nonstop.cli.up;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nonstop.common.config.ConfigException;
import dev.nonstop.common.problem.Problem;
import dev.nonstop.controller.release.spec.AppSettings;
import dev.nonstop.controller.release.spec.DrainMode;
import dev.nonstop.controller.release.spec.DrainPolicy;
import dev.nonstop.controller.release.spec.DrainSpec;
import dev.nonstop.controller.release.spec.SmokeCheck;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlatformConfigLoaderTest {
    @TempDir
    Path dir;

    /** A jar whose manifest names a main class: what an app's artifact must be. */
    private static Path runnableJar(Path file) throws IOException {
        java.util.jar.Manifest manifest = new java.util.jar.Manifest();
        manifest.getMainAttributes().put(java.util.jar.Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(java.util.jar.Attributes.Name.MAIN_CLASS, "shop.Main");
        try (var out = new java.util.jar.JarOutputStream(Files.newOutputStream(file), manifest)) {
            out.putNextEntry(new java.util.jar.JarEntry("shop/Main.class"));
            out.closeEntry();
        }
        return file;
    }

    @Test
    void theBuiltInDefaultIsValidAndRunsNoApps() {
        PlatformConfig config = PlatformConfigLoader.parse("default", PlatformConfig.DEFAULT_YAML, dir);

        assertThat(config.apps()).isEmpty();
        assertThat(config.store()).isEqualTo("h2");
        assertThat(config.dataDir()).isEqualTo(dir.resolve(".nonstop"));
        assertThat(config.gatewayListen().getPort()).isEqualTo(8080);
        assertThat(config.controllerListen().getPort()).isEqualTo(9070);
    }

    @Test
    void anAppIsReadWithItsArtifactResolvedAgainstTheFilesDirectory() throws IOException {
        runnableJar(dir.resolve("shop-v1.jar"));
        PlatformConfig config = PlatformConfigLoader.parse(
                "nonstop.yaml",
                """
                apps:
                  - { name: shop, version: v1, artifact: shop-v1.jar, instances: 2, basePort: 8081, env: { A: b } }
                """,
                dir);

        PlatformConfig.AppConfig app = config.apps().get(0);
        assertThat(app.artifact()).isEqualTo(dir.resolve("shop-v1.jar"));
        assertThat(app.instances()).isEqualTo(2);
        assertThat(app.readinessPath())
                .as("none set: found on the first instance")
                .isEqualTo(PlatformConfig.AppConfig.FIND_READINESS);
        assertThat(app.settings().readinessTimeout())
                .as("none set: the controller's default")
                .isEmpty();
        assertThat(app.env()).containsEntry("A", "b");
    }

    @Test
    void anAppsLaunchTemplatesAndReleaseSettingsAreRead() throws IOException {
        runnableJar(dir.resolve("shop-v1.jar"));
        PlatformConfig config = PlatformConfigLoader.parse(
                "nonstop.yaml",
                """
                apps:
                  - name: shop
                    version: v1
                    artifact: shop-v1.jar
                    basePort: 8081
                    readinessPath: /actuator/health/readiness
                    readinessTimeout: 150s
                    jvmArgs: [-Xmx128m]
                    args: ["--spring.application.name=shop-${INSTANCE}", --debug=0755]
                    env: { LOG_FILE: "/tmp/${INSTANCE}-${PORT}.log" }
                    smokeChecks: ['GET /health 200 UP', { path: /version, status: 2xx }]
                    drain: { deadline: 30s, policy: force, mode: gateway }
                """,
                dir);

        AppSettings settings = config.apps().get(0).settings();
        assertThat(settings.readinessPath()).isEqualTo("/actuator/health/readiness");
        assertThat(settings.readinessTimeout()).hasValue(Duration.ofSeconds(150));
        assertThat(settings.jvmArgs()).containsExactly("-Xmx128m");
        assertThat(settings.args()).containsExactly("--spring.application.name=shop-${INSTANCE}", "--debug=0755");
        assertThat(settings.env()).containsEntry("LOG_FILE", "/tmp/${INSTANCE}-${PORT}.log");
        assertThat(settings.smokeChecks().orElseThrow())
                .containsExactly(
                        new SmokeCheck("GET", "/health", Set.of(200), Optional.of("UP")),
                        new SmokeCheck("GET", "/version", SmokeCheck.SUCCESS));
        assertThat(settings.drain())
                .isEqualTo(new DrainSpec(Duration.ofSeconds(30), DrainPolicy.FORCE, DrainMode.GATEWAY));
    }

    @Test
    void aReadinessPathIsAutoOrAPathAndAnythingElseIsNamed() throws IOException {
        runnableJar(dir.resolve("shop-v1.jar"));
        runnableJar(dir.resolve("cart-v1.jar"));
        PlatformConfig config = PlatformConfigLoader.parse(
                "nonstop.yaml",
                """
                apps:
                  - { name: shop, version: v1, artifact: shop-v1.jar, basePort: 8081, readinessPath: auto }
                  - { name: cart, version: v1, artifact: cart-v1.jar, basePort: 8091, readinessPath: /q/health/ready }
                """,
                dir);
        assertThat(config.apps())
                .extracting(PlatformConfig.AppConfig::readinessPath)
                .containsExactly(PlatformConfig.AppConfig.FIND_READINESS, "/q/health/ready");

        assertThatThrownBy(() -> PlatformConfigLoader.parse(
                        "nonstop.yaml",
                        """
                        apps:
                          - { name: shop, version: v1, artifact: shop-v1.jar, basePort: 8081, readinessPath: ready }
                        """,
                        dir))
                .isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(((ConfigException) e).problems())
                        .extracting(Problem::toString)
                        .containsExactly("apps[0].readinessPath: ready (expected: a path starting with / or auto)"));
    }

    @Test
    void aReadinessTimeoutThatIsNotADurationFromOneSecondToOneHourIsNamed() throws IOException {
        runnableJar(dir.resolve("shop-v1.jar"));
        runnableJar(dir.resolve("cart-v1.jar"));
        runnableJar(dir.resolve("shop-v2.jar"));
        assertThatThrownBy(() -> PlatformConfigLoader.parse(
                        "nonstop.yaml",
                        """
                        apps:
                          - { name: shop, version: v1, artifact: shop-v1.jar, basePort: 8081, readinessTimeout: 2h }
                          - { name: cart, version: v1, artifact: cart-v1.jar, basePort: 8091, readinessTimeout: 0s }
                          - { name: web, version: v1, artifact: shop-v2.jar, basePort: 8101, readinessTimeout: soon }
                        """,
                        dir))
                .isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(((ConfigException) e).problems())
                        .extracting(Problem::toString)
                        .containsExactlyInAnyOrder(
                                "apps[0].readinessTimeout: 2h (expected: " + AppSettings.READINESS_TIMEOUT_EXPECTED
                                        + ")",
                                "apps[1].readinessTimeout: 0s (expected: " + AppSettings.READINESS_TIMEOUT_EXPECTED
                                        + ")",
                                "apps[2].readinessTimeout: soon (expected: a duration like 500ms, 2s, 1m or PT2S)"));
    }

    @Test
    void anUnknownTemplateVariableOrASmokeStatusOutsideTheHttpRangeIsNamedAndNothingIsLoaded() throws IOException {
        runnableJar(dir.resolve("shop-v1.jar"));
        assertThatThrownBy(() -> PlatformConfigLoader.parse(
                        "nonstop.yaml",
                        """
                        apps:
                          - name: shop
                            version: v1
                            artifact: shop-v1.jar
                            basePort: 8081
                            args: ["--port=${PORT}", "--x=${FOO}"]
                            env: { SERVER_PORT: "9000" }
                            smokeChecks: ['GET /health 700']
                            drain: { mode: sometimes }
                        """,
                        dir))
                .isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(((ConfigException) e).problems())
                        .extracting(Problem::toString)
                        .containsExactlyInAnyOrder(
                                "apps[0].args[1]: unknown variable ${FOO}; known: PORT, INSTANCE",
                                "apps[0].smokeChecks[0].expectedStatuses: 700 (expected: 100 to 599)",
                                "apps[0].env.SERVER_PORT: 9000 (expected: not set here: the agent sets SERVER_PORT)",
                                "apps[0].drain.mode: sometimes (expected: gateway, app or auto)"));
    }

    @Test
    void everyProblemIsNamedWithItsPath() {
        assertThatThrownBy(() -> PlatformConfigLoader.parse(
                        "nonstop.yaml",
                        """
                        gateway: { listen: nowhere }
                        controller: { store: mongodb }
                        apps:
                          - { name: "bad name", version: v1, artifact: missing.jar, instances: 0, basePort: 70000 }
                          - { name: other, colour: blue }
                        """,
                        dir))
                .isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(((ConfigException) e).problems())
                        .extracting(Problem::path)
                        .contains(
                                "gateway.listen",
                                "controller.store",
                                "apps[0].name",
                                "apps[0].artifact",
                                "apps[0].instances",
                                "apps[0].basePort",
                                "apps[1].colour",
                                "apps[1].version",
                                "apps[1].artifact",
                                "apps[1].basePort"));
    }

    private java.util.List<String> problems(String yaml) throws IOException {
        runnableJar(dir.resolve("shop.jar"));
        try {
            PlatformConfigLoader.parse("nonstop.yaml", yaml, dir);
        } catch (ConfigException e) {
            return e.problems().stream().map(Problem::toString).toList();
        }
        throw new AssertionError("expected a ConfigException for:\n" + yaml);
    }

    @Test
    void aNestedMapGivenAsAnEnvValueIsRefusedNamingTheVariable() throws IOException {
        assertThat(
                        problems(
                                """
                        apps:
                          - name: shop
                            version: v1
                            artifact: shop.jar
                            basePort: 8081
                            env:
                              SAMPLE_SESSION_SECRET: { value: s3cret }
                        """))
                .containsExactly("apps[0].env.SAMPLE_SESSION_SECRET: an object (expected: a string)");
    }

    @Test
    void envValuesAreTakenExactlyAsWritten() throws IOException {
        runnableJar(dir.resolve("shop.jar"));
        PlatformConfig config = PlatformConfigLoader.parse(
                "nonstop.yaml",
                """
                apps:
                  - name: shop
                    version: v1
                    artifact: shop.jar
                    basePort: 8081
                    env: { PORT_HINT: 8080, MODE: 0755, DEBUG: on, RATIO: 1.10 }
                """,
                dir);

        assertThat(config.apps().get(0).env())
                .containsOnly(
                        java.util.Map.entry("PORT_HINT", "8080"),
                        java.util.Map.entry("MODE", "0755"),
                        java.util.Map.entry("DEBUG", "on"),
                        java.util.Map.entry("RATIO", "1.10"));
    }

    @Test
    void aBadOrMissingBasePortIsOneProblemEach() throws IOException {
        assertThat(
                        problems(
                                """
                        apps:
                          - { name: shop, version: v1, artifact: shop.jar, basePort: abc }
                          - { name: cart, version: v1, artifact: shop.jar }
                          - { name: user, version: v1, artifact: shop.jar }
                        """))
                .containsExactly(
                        "apps[0].basePort: abc (expected: an integer)",
                        "apps[1].basePort: missing (expected: the port of the first instance)",
                        "apps[2].basePort: missing (expected: the port of the first instance)");
    }

    @Test
    void aBasePortOutOfRangeIsOneProblem() throws IOException {
        assertThat(
                        problems(
                                """
                        apps:
                          - { name: shop, version: v1, artifact: shop.jar, basePort: 70000 }
                          - { name: cart, version: v1, artifact: shop.jar, basePort: 70000 }
                        """))
                .containsExactly(
                        "apps[0].basePort: 70000 (expected: 1-65535)", "apps[1].basePort: 70000 (expected: 1-65535)");
    }

    @Test
    void aConfigFileThatIsNotUtf8IsRefusedNamingTheFileAndWhere() throws IOException {
        Path file = Files.write(
                dir.resolve("nonstop.yaml"),
                "apps: []\n# caf\u00e9\n".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));

        assertThatThrownBy(() -> PlatformConfigLoader.load(file)).isInstanceOfSatisfying(ConfigException.class, e -> {
            assertThat(e.source()).isEqualTo(file.toString());
            assertThat(e.problems())
                    .extracting(Problem::toString)
                    .containsExactly("(file): not UTF-8 text (byte 0xe9 at line 2, column 6, offset 14)"
                            + " (expected: a readable UTF-8 YAML file)");
        });
    }

    @Test
    void anArtifactThatIsNotARunnableJarIsRefusedNamingTheApp() throws IOException {
        Files.writeString(dir.resolve("passwd"), "root:x:0:0:root:/root:/bin/bash\n");
        java.util.jar.Manifest noMain = new java.util.jar.Manifest();
        noMain.getMainAttributes().put(java.util.jar.Attributes.Name.MANIFEST_VERSION, "1.0");
        try (var out = new java.util.jar.JarOutputStream(Files.newOutputStream(dir.resolve("lib.jar")), noMain)) {
            out.putNextEntry(new java.util.jar.JarEntry("lib/Util.class"));
            out.closeEntry();
        }

        assertThat(
                        problems(
                                """
                        apps:
                          - { name: shop, version: v1, artifact: passwd, basePort: 8081 }
                          - { name: cart, version: v1, artifact: lib.jar, basePort: 8091 }
                          - { name: user, version: v1, artifact: shop.jar, basePort: 8101 }
                        """))
                .containsExactly(
                        "apps[0].artifact: passwd (not a jar, or an unreadable one)"
                                + " (expected: a runnable jar with Main-Class in its manifest)",
                        "apps[1].artifact: lib.jar (a jar without Main-Class)"
                                + " (expected: a runnable jar with Main-Class in its manifest)");
    }
}
