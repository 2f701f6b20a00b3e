package dev.nonstop.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every command that reads a config file ({@code up}, {@code controller}, {@code gateway}) refuses a value of the
 * wrong shape and an unreadable file the same way: exit code 2, nothing on stdout, the file and the field on stderr.
 */
class ConfigProblemsCommandTest {
    @TempDir
    Path dir;

    private final CapturedCli cli = new CapturedCli();

    private int run(String... args) {
        return cli.run(args);
    }

    @Test
    void controllerRefusesAnUnknownLeaseBackendNamingTheField() throws IOException {
        Path config = Files.writeString(
                dir.resolve("controller.yaml"),
                """
                store: jdbc:postgresql://127.0.0.1:5432/test
                leases: { backend: consul, endpoints: [http://127.0.0.1:8500] }
                gateways: []
                agents: {}
                """);

        assertThat(run("controller", "--config", config.toString())).isEqualTo(2);
        assertThat(cli.out()).isEmpty();
        assertThat(cli.err())
                .contains(config + ": 1 problem:")
                .contains("leases.backend: consul (expected: one of: jdbc, redis, zookeeper, etcd)");
    }

    /** A YAML file with a Latin-1 "é" on its second line, which is not UTF-8. */
    private Path latin1(String name, String firstLine) throws IOException {
        return Files.write(dir.resolve(name), (firstLine + "\n# caf\u00e9\n").getBytes(StandardCharsets.ISO_8859_1));
    }

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
    void upRefusesAnArtifactThatIsNotARunnableJarBeforeMakingItsDataDirectory() throws IOException {
        Path config = Files.writeString(
                dir.resolve("nonstop.yaml"),
                "dataDir: data\napps: [ { name: shop, version: v1, artifact: /etc/passwd, basePort: 8081 } ]\n");

        assertThat(run("up", "--config", config.toString())).isEqualTo(2);
        assertThat(cli.out()).isEmpty();
        assertThat(cli.err())
                .contains(config + ": 1 problem:")
                .contains("apps[0].artifact: /etc/passwd (not a jar, or an unreadable one)"
                        + " (expected: a runnable jar with Main-Class in its manifest)");
        assertThat(dir.resolve("data")).doesNotExist();
    }

    @Test
    void upRefusesANestedMapAsAnEnvValueNamingTheVariable() throws IOException {
        runnableJar(dir.resolve("shop.jar"));
        Path config = Files.writeString(
                dir.resolve("nonstop.yaml"),
                """
                apps:
                  - name: shop
                    version: v1
                    artifact: shop.jar
                    basePort: 8081
                    env:
                      SAMPLE_SESSION_SECRET:
                        value: s3cret
                """);

        assertThat(run("up", "--config", config.toString())).isEqualTo(2);
        assertThat(cli.out()).isEmpty();
        assertThat(cli.err())
                .contains(config + ": 1 problem:")
                .contains("apps[0].env.SAMPLE_SESSION_SECRET: an object (expected: a string)");
    }

    @Test
    void upRefusesABadBasePortWithExactlyOneProblem() throws IOException {
        runnableJar(dir.resolve("shop.jar"));
        Path config = Files.writeString(
                dir.resolve("nonstop.yaml"),
                "apps: [ { name: shop, version: v1, artifact: shop.jar, basePort: x } ]\n");

        assertThat(run("up", "--config", config.toString())).isEqualTo(2);
        assertThat(cli.err()).contains(config + ": 1 problem:").contains("apps[0].basePort: x (expected: an integer)");
    }

    @Test
    void upRefusesAConfigThatIsNotUtf8NamingTheFileAndWhere() throws IOException {
        Path config = latin1("nonstop.yaml", "apps: []");

        assertThat(run("up", "--config", config.toString())).isEqualTo(2);
        assertThat(cli.err())
                .contains(config + ": 1 problem:")
                .contains("(file): not UTF-8 text (byte 0xe9 at line 2, column 6, offset 14)");
    }

    @Test
    void upNamesAConfigFileThatDoesNotExist() {
        Path config = dir.resolve("missing.yaml");

        assertThat(run("up", "--config", config.toString())).isEqualTo(2);
        assertThat(cli.err()).contains(config.toString()).contains("(file): no such file");
    }

    @Test
    void controllerRefusesAConfigThatIsNotUtf8NamingTheFileAndWhere() throws IOException {
        Path config = latin1("controller.yaml", "store: jdbc:postgresql://db/nonstop");

        assertThat(run("controller", "--config", config.toString())).isEqualTo(2);
        assertThat(cli.out()).isEmpty();
        assertThat(cli.err())
                .contains(config + ": 1 problem:")
                .contains("(file): not UTF-8 text (byte 0xe9 at line 2, column 6, offset 41)");
    }

    @Test
    void gatewayRefusesAConfigThatIsNotUtf8NamingTheFileAndWhere() throws IOException {
        Path config = latin1("gateway.yaml", "listen: 127.0.0.1:0");

        assertThat(run("gateway", "--config", config.toString())).isEqualTo(2);
        assertThat(cli.out()).isEmpty();
        assertThat(cli.err())
                .contains(config + ": 1 problem:")
                .contains("(file): not UTF-8 text (byte 0xe9 at line 2, column 6, offset 25)");
    }

    @Test
    void controllerRefusesUnusableTokenFilesNamingEachFieldBeforeItStarts() throws IOException {
        Files.write(dir.resolve("agent-1.token"), new byte[] {(byte) 0xff, (byte) 0xfe});
        Files.writeString(dir.resolve("agent-2.token"), " \n");
        Path config = Files.writeString(
                dir.resolve("controller.yaml"),
                """
                listen: 127.0.0.1:0
                store: jdbc:h2:mem:token-files
                tokenFile: controller.token
                appTokenFile: app.token
                gateways:
                  - { url: http://127.0.0.1:9, tokenFile: missing.token }
                agents:
                  host-1: { url: http://127.0.0.1:9, tokenFile: agent-1.token }
                  host-2: { url: http://127.0.0.1:9, tokenFile: agent-2.token }
                """);

        assertThat(run("controller", "--config", config.toString())).isEqualTo(2);
        assertThat(cli.out()).isEmpty();
        assertThat(cli.err())
                .contains(config + ": 3 problems:")
                .contains("gateways[0].tokenFile: " + dir.resolve("missing.token") + " (no such file)")
                .contains("agents.host-1.tokenFile: " + dir.resolve("agent-1.token") + " (not UTF-8 text)")
                .contains("agents.host-2.tokenFile: " + dir.resolve("agent-2.token") + " (empty)")
                .contains("(expected: a readable file holding that API's token)");
        assertThat(dir.resolve("controller.token")).doesNotExist();
        assertThat(dir.resolve("app.token")).doesNotExist();
    }
}
