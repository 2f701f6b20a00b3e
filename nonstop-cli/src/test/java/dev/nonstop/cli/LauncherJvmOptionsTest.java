package dev.nonstop.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The JVM settings the {@code nonstop} launcher gives each command ({@code scripts/gateway-jvm.sh}, which it
 * sources): {@code nonstop gateway} runs with the settings {@code bench/gateway-vs-nginx} measures, and the bench
 * starts the gateway through the launcher instead of passing flags of its own.
 */
class LauncherJvmOptionsTest {
    private static final Path REPO = Path.of("..").toAbsolutePath().normalize();
    private static final List<String> BENCHMARKED = List.of(
            "-Xms160m",
            "-Xmx160m",
            "-Xmn100m",
            "-XX:+UseParallelGC",
            "-Dio.netty.allocator.type=pooled",
            "-Dio.netty.leakDetection.level=disabled");

    /** What {@code nonstop_command_jvm_opts COMMAND} puts before the user's options, with this environment. */
    private static List<String> defaults(String command, Map<String, String> env) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(
                        "bash",
                        "-c",
                        "source scripts/gateway-jvm.sh && nonstop_command_jvm_opts \"$1\""
                                + " && printf '%s\\n' ${NONSTOP_COMMAND_JVM_OPTS[@]+\"${NONSTOP_COMMAND_JVM_OPTS[@]}\"}",
                        "test",
                        command)
                .directory(REPO.toFile())
                .redirectErrorStream(true);
        pb.environment().remove("NONSTOP_JAVA_OPTS");
        pb.environment().remove("NONSTOP_GATEWAY_OPTS");
        pb.environment().putAll(env);
        Process process = pb.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(out).isZero();
        return out.isBlank() ? List.of() : Arrays.asList(out.strip().split("\n"));
    }

    @Test
    void gatewayRunsWithTheSettingsTheBenchmarkMeasures() throws Exception {
        assertThat(defaults("gateway", Map.of())).containsExactlyElementsOf(BENCHMARKED);
    }

    @Test
    void otherCommandsKeepTheJvmsOwnDefaults() throws Exception {
        assertThat(defaults("up", Map.of())).isEmpty();
        assertThat(defaults("demo", Map.of())).isEmpty();
        assertThat(defaults("", Map.of())).isEmpty();
    }

    @Test
    void theControlPlaneRunsLightToKeepOffTheAppsCores() throws Exception {
        assertThat(defaults("controller", Map.of())).containsExactly("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");
        assertThat(defaults("agent", Map.of())).containsExactly("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");
        assertThat(defaults("release", Map.of())).containsExactly("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");
        assertThat(defaults("agent", Map.of("NONSTOP_JAVA_OPTS", "-XX:+UseG1GC")))
                .containsExactly("-XX:TieredStopAtLevel=1");
    }

    @Test
    void aHeapSizeInNonstopJavaOptsReplacesTheHeapDefaults() throws Exception {
        assertThat(defaults("gateway", Map.of("NONSTOP_JAVA_OPTS", "-Xmx512m")))
                .containsExactlyElementsOf(BENCHMARKED.subList(3, 6));
        assertThat(defaults("gateway", Map.of("NONSTOP_JAVA_OPTS", "-Dx=1 -XX:MaxRAMPercentage=50")))
                .containsExactlyElementsOf(BENCHMARKED.subList(3, 6));
    }

    @Test
    void aCollectorInNonstopJavaOptsReplacesTheParallelCollector() throws Exception {
        // Two collectors on one command line stop the JVM ("Multiple garbage collectors selected").
        assertThat(defaults("gateway", Map.of("NONSTOP_JAVA_OPTS", "-XX:+UseG1GC")))
                .doesNotContain("-XX:+UseParallelGC")
                .contains("-Xmx160m");
        assertThat(defaults("gateway", Map.of("NONSTOP_JAVA_OPTS", "-Dx=1 -XX:+UseZGC")))
                .doesNotContain("-XX:+UseParallelGC");
    }

    @Test
    void nonstopGatewayOptsReplacesAllDefaults() throws Exception {
        assertThat(defaults("gateway", Map.of("NONSTOP_GATEWAY_OPTS", ""))).isEmpty();
        assertThat(defaults("gateway", Map.of("NONSTOP_GATEWAY_OPTS", "-Xmx1g -XX:+UseZGC")))
                .containsExactly("-Xmx1g", "-XX:+UseZGC");
    }

    @Test
    void theBenchmarkStartsTheGatewayAsAUserDoes() throws IOException {
        String bench = Files.readString(REPO.resolve("bench/gateway-vs-nginx"));
        assertThat(bench).contains("./nonstop gateway --config").doesNotContain("-Xmx160m");
        assertThat(Files.readString(REPO.resolve("nonstop")))
                .contains("source \"$NONSTOP_HOME/scripts/gateway-jvm.sh\"");
    }
}
