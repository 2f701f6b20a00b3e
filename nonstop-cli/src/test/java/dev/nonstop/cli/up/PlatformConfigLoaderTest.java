package dev.nonstop.cli.up;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nonstop.gateway.config.ConfigException;
import dev.nonstop.gateway.routing.Problem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlatformConfigLoaderTest {
    @TempDir
    Path dir;

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
        Files.writeString(dir.resolve("shop-v1.jar"), "not really a jar");
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
        assertThat(app.readinessPath()).isEqualTo("/ready");
        assertThat(app.env()).containsEntry("A", "b");
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
}
