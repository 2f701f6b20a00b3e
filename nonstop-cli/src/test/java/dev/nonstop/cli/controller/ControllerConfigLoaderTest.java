package dev.nonstop.cli.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nonstop.common.config.ConfigException;
import dev.nonstop.common.problem.Problem;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
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

    @Test
    void theWarmUpIsFiveSecondsUnlessTheFileSaysOtherwise() {
        assertThat(ControllerConfigLoader.parse("controller.yaml", BASE, dir).warmUp())
                .isEqualTo(Duration.ofSeconds(5));
        assertThat(ControllerConfigLoader.parse("controller.yaml", BASE + "warmUp: 0s\n", dir)
                        .warmUp())
                .isZero();
        assertThat(ControllerConfigLoader.parse("controller.yaml", BASE + "warmUp: 1500ms\n", dir)
                        .warmUp())
                .isEqualTo(Duration.ofMillis(1500));
    }

    @Test
    void aBadWarmUpIsNamed() {
        for (String bad : List.of("warmUp: soon\n", "warmUp: -1s\n", "warmUp: PT-1S\n", "warmUp: 5\n")) {
            assertThatThrownBy(() -> ControllerConfigLoader.parse("controller.yaml", BASE + bad, dir))
                    .as(bad)
                    .isInstanceOf(ConfigException.class)
                    .satisfies(e -> assertThat(((ConfigException) e).problems())
                            .extracting(Problem::path)
                            .containsExactly("warmUp"));
        }
    }

    private static final String BASE =
            """
            store: jdbc:postgresql://127.0.0.1:5432/test
            gateways: []
            agents: {}
            """;

    private ControllerConfig withLeases(String leases) {
        return ControllerConfigLoader.parse("controller.yaml", BASE + leases, dir);
    }

    private List<String> problemsWithLeases(String leases) {
        try {
            withLeases(leases);
        } catch (ConfigException e) {
            return e.problems().stream().map(Problem::toString).toList();
        }
        throw new AssertionError("no problem reported for: " + leases);
    }

    @Test
    void leasesAreKeptInTheStoresDatabaseUnlessTheConfigNamesABackend() {
        assertThat(withLeases("").leases()).isEqualTo(new ControllerConfig.Leases.Jdbc());
        assertThat(withLeases("leases: { backend: jdbc }").leases()).isEqualTo(new ControllerConfig.Leases.Jdbc());
    }

    @Test
    void eachLeaseBackendIsReadWithWhereToReachIt() {
        assertThat(withLeases("leases: { backend: redis, uri: redis://127.0.0.1:6379 }")
                        .leases())
                .isEqualTo(new ControllerConfig.Leases.Redis(URI.create("redis://127.0.0.1:6379")));
        assertThat(withLeases("leases: { backend: zookeeper, connect: 'zk1:2181,zk2:2181/nonstop' }")
                        .leases())
                .isEqualTo(new ControllerConfig.Leases.ZooKeeper("zk1:2181,zk2:2181/nonstop"));
        assertThat(withLeases("leases: { backend: etcd, endpoints: [http://10.0.0.7:2379, https://etcd-2:2379] }")
                        .leases())
                .isEqualTo(new ControllerConfig.Leases.Etcd(
                        List.of(URI.create("http://10.0.0.7:2379"), URI.create("https://etcd-2:2379"))));
    }

    @Test
    void aBadLeasesSectionIsNamedFieldByField() {
        assertThat(problemsWithLeases("leases: { backend: consul }"))
                .containsExactly("leases.backend: consul (expected: one of: jdbc, redis, zookeeper, etcd)");
        assertThat(problemsWithLeases("leases: etcd"))
                .singleElement()
                .asString()
                .startsWith("leases: etcd (expected: an object");
        assertThat(problemsWithLeases("leases: { backend: redis }"))
                .singleElement()
                .asString()
                .startsWith("leases.uri: missing (expected: a redis:// or rediss:// URI");
        assertThat(problemsWithLeases("leases: { backend: redis, uri: 'http://127.0.0.1:6379' }"))
                .singleElement()
                .asString()
                .startsWith("leases.uri: http://127.0.0.1:6379 (expected: a redis:// or rediss:// URI");
        assertThat(problemsWithLeases("leases: { backend: zookeeper, connect: 'zk1:2181,zk2' }"))
                .singleElement()
                .asString()
                .startsWith("leases.connect: zk1:2181,zk2 (expected: host:port");
        assertThat(problemsWithLeases("leases: { backend: etcd, endpoints: [] }"))
                .containsExactly("leases.endpoints: [] (expected: at least one etcd endpoint)");
        assertThat(problemsWithLeases("leases: { backend: etcd, endpoints: [http://e1:2379, 'e2:2379'] }"))
                .singleElement()
                .asString()
                .startsWith("leases.endpoints[1]: e2:2379 (expected: an http:// or https:// URL");
        assertThat(problemsWithLeases("leases: { backend: jdbc, endpoints: [http://e1:2379] }"))
                .singleElement()
                .asString()
                .startsWith("leases.endpoints: unknown field (expected one of: backend)");
    }
}
