package dev.nonstop.cli.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nonstop.gateway.config.ConfigException;
import dev.nonstop.gateway.routing.Problem;
import java.net.URI;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ControllerConfigLoaderTest {
    @TempDir
    Path dir;

    @Test
    void aControllerOfAMultiHostSetupIsRead() {
        ControllerConfig config = ControllerConfigLoader.parse(
                "controller.yaml",
                """
                id: controller-a
                listen: 0.0.0.0:9070
                store: jdbc:postgresql://127.0.0.1:5432/test
                user: postgres
                gateways:
                  - { url: http://10.0.0.2:9090, tokenFile: tokens/gateway.token }
                agents:
                  app-host-1: { url: http://10.0.0.5:9080, tokenFile: tokens/agent-1.token }
                """,
                dir);

        assertThat(config.controllerId()).isEqualTo("controller-a");
        assertThat(config.listen().getPort()).isEqualTo(9070);
        assertThat(config.gateways()).singleElement().satisfies(g -> {
            assertThat(g.url()).isEqualTo(URI.create("http://10.0.0.2:9090"));
            assertThat(g.tokenFile()).isEqualTo(dir.resolve("tokens/gateway.token"));
        });
        assertThat(config.agents()).containsOnlyKeys("app-host-1");
        assertThat(config.tokenFile()).isEqualTo(dir.resolve(".nonstop/controller.token"));
    }

    @Test
    void everyProblemIsNamedWithItsPath() {
        assertThatThrownBy(() -> ControllerConfigLoader.parse(
                        "controller.yaml",
                        """
                        listen: nowhere
                        store: h2
                        gateways:
                          - { url: ftp://x, tokenFile: t }
                        agents: { host-1: { url: http://h:9080 } }
                        colour: blue
                        """,
                        dir))
                .isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(((ConfigException) e).problems())
                        .extracting(Problem::path)
                        .contains("listen", "store", "gateways[0].url", "agents.host-1.tokenFile", "colour"));
    }
}
