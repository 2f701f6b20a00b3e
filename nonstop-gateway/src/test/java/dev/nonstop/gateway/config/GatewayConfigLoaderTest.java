package dev.nonstop.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.nonstop.common.config.ConfigException;
import dev.nonstop.common.problem.Problem;
import dev.nonstop.gateway.GatewaySettings;
import dev.nonstop.gateway.contract.App;
import dev.nonstop.gateway.contract.Balancing;
import dev.nonstop.gateway.contract.Group;
import dev.nonstop.gateway.contract.HealthCheck;
import dev.nonstop.gateway.contract.Member;
import dev.nonstop.gateway.contract.MemberState;
import dev.nonstop.gateway.contract.Route;
import dev.nonstop.gateway.contract.RoutingTable;
import dev.nonstop.gateway.contract.StickySessions;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GatewayConfigLoaderTest {

    private static final String APP =
            """
            apps:
              - name: shop
                groups:
                  - name: blue
                    members:
                      - { id: shop-1, host: 127.0.0.1, port: 8081 }
            routes:
              - { app: shop }
            """;

    /** The problems of {@code yaml}, rendered {@code path: message}. */
    private static List<String> problems(String yaml) {
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> GatewayConfigLoader.parse("test", yaml));
        assertThat(e).as("expected a ConfigException for:%n%s", yaml).isNotNull();
        return e.problems().stream().map(Problem::toString).toList();
    }

    // ---- valid files and defaults ----

    @Test
    void emptyObjectGivesEveryDefault() {
        GatewayConfig config = GatewayConfigLoader.parse("{}");

        assertThat(config.settings())
                .isEqualTo(GatewaySettings.builder()
                        .dataDir(Path.of(".nonstop"))
                        .warmUp(Duration.ofSeconds(2))
                        .build());
        assertThat(config.admin()).isEqualTo(AdminSettings.defaults());
        assertThat(config.admin().listen()).isEqualTo(new InetSocketAddress("127.0.0.1", 9090));
        assertThat(config.admin().tokenFile()).isEqualTo(Path.of(".nonstop/gateway.token"));
        assertThat(config.admin().token()).isNull();
        assertThat(config.table()).isEqualTo(new RoutingTable(1, List.of(), List.of()));
    }

    @Test
    void membersAppsAndRoutesTakeTheirDefaults() {
        GatewayConfig config = GatewayConfigLoader.parse(APP);

        App app = config.table().apps().get(0);
        assertThat(app.balancing()).isEqualTo(Balancing.ROUND_ROBIN);
        assertThat(app.sticky()).isNull();
        assertThat(app.healthCheck()).isNull();
        assertThat(app.ejectAfterConnectFailures()).isEqualTo(App.DEFAULT_EJECT_AFTER);
        assertThat(app.groups().get(0).members()).containsExactly(Member.active("shop-1", "127.0.0.1", 8081));
        assertThat(config.table().routes()).containsExactly(Route.any("shop"));
    }

    @Test
    void fullExampleReadsEveryField() {
        GatewayConfig config = GatewayConfigLoader.parse(
                """
                listen: { host: 127.0.0.1, port: 0 }
                eventLoops: 1
                reusePort: false
                accessLog: true
                dataDir: /var/lib/nonstop
                warmUp: 500ms
                limits: { maxUriLength: 4096, maxHeaderSize: 8KB, maxBodySize: 10MB, maxIdlePerMember: 8 }
                timeouts: { headerRead: 500ms, idle: 1m, connect: PT2S, response: 30s, upstreamIdle: 15s, shutdown: 1h }
                admin: { listen: "[::1]:9191", tokenFile: /etc/nonstop/token }
                version: 42
                apps:
                  - name: shop
                    balancing: least-in-flight
                    sticky: { cookie: SHOP_MEMBER }
                    healthCheck: { path: /health, interval: 5s, timeout: 250ms, rise: 1, fall: 2 }
                    ejectAfterConnectFailures: 0
                    groups:
                      - name: blue
                        members:
                          - { id: shop-1, host: 10.0.0.1, port: 8081, weight: 50, state: DRAINING }
                      - name: green
                        members:
                          - { id: shop-2, host: shop-2.internal, port: 8082, weight: 0, state: standby }
                routes:
                  - { host: Shop.Example.com, pathPrefix: /api, app: shop }
                  - { host: "*", app: shop }
                """);

        assertThat(config.settings())
                .isEqualTo(GatewaySettings.builder()
                        .listen(new InetSocketAddress("127.0.0.1", 0))
                        .eventLoops(1)
                        .reusePort(false)
                        .accessLog(true)
                        .maxUriLength(4096)
                        .maxHeaderSize(8192)
                        .maxBodySize(10L << 20)
                        .maxIdlePerMember(8)
                        .headerReadTimeout(Duration.ofMillis(500))
                        .idleTimeout(Duration.ofMinutes(1))
                        .connectTimeout(Duration.ofSeconds(2))
                        .responseTimeout(Duration.ofSeconds(30))
                        .upstreamIdleTimeout(Duration.ofSeconds(15))
                        .shutdownTimeout(Duration.ofHours(1))
                        .dataDir(Path.of("/var/lib/nonstop"))
                        .warmUp(Duration.ofMillis(500))
                        .build());
        assertThat(config.admin().listen()).isEqualTo(new InetSocketAddress("::1", 9191));
        assertThat(config.admin().tokenFile()).isEqualTo(Path.of("/etc/nonstop/token"));
        assertThat(config.table())
                .isEqualTo(new RoutingTable(
                        42,
                        List.of(new Route("shop.example.com", "/api", "shop"), Route.any("shop")),
                        List.of(new App(
                                "shop",
                                List.of(
                                        new Group(
                                                "blue",
                                                List.of(new Member(
                                                        "shop-1", "10.0.0.1", 8081, 50, MemberState.DRAINING))),
                                        new Group(
                                                "green",
                                                List.of(new Member(
                                                        "shop-2", "shop-2.internal", 8082, 0, MemberState.STANDBY)))),
                                Balancing.LEAST_IN_FLIGHT,
                                new StickySessions("SHOP_MEMBER"),
                                new HealthCheck("/health", Duration.ofSeconds(5), Duration.ofMillis(250), 1, 2),
                                0))));
    }

    @Test
    void shippedExampleIsValid() throws IOException {
        String yaml;
        try (InputStream in = GatewayConfigLoader.class.getResourceAsStream("example-gateway.yaml")) {
            assertThat(in).isNotNull();
            yaml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }

        GatewayConfig config = GatewayConfigLoader.parse("example-gateway.yaml", yaml);

        assertThat(config.table().members()).extracting(Member::id).containsExactly("shop-1", "shop-2", "shop-3");
        assertThat(config.settings().maxBodySize()).isEqualTo(10L << 20);
        assertThat(config.admin()).isEqualTo(AdminSettings.defaults());
    }

    @Test
    void loadReadsAFile(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("gateway.yaml"), APP);

        assertThat(GatewayConfigLoader.load(file).table().apps()).hasSize(1);
    }

    @Test
    void stickyTrueMeansTheDefaultCookie() {
        GatewayConfig config = GatewayConfigLoader.parse(APP.replace("- name: shop", "- name: shop\n    sticky: true"));

        assertThat(config.table().apps().get(0).sticky()).isEqualTo(new StickySessions("NONSTOP_MEMBER"));
    }

    @Test
    void inlineTokenReplacesTheTokenFile() {
        GatewayConfig config = GatewayConfigLoader.parse("admin: { token: 0123456789abcdef0123 }");

        assertThat(config.admin().token()).isEqualTo("0123456789abcdef0123");
        assertThat(config.admin().tokenFile()).isNull();
        assertThat(config.admin().toString()).doesNotContain("0123456789abcdef0123");
    }

    @ParameterizedTest
    @CsvSource({"500ms, PT0.5S", "2s, PT2S", "1m, PT1M", "1h, PT1H", "PT2S, PT2S", "pt1m30s, PT1M30S"})
    void durationsAcceptShortAndIsoForms(String written, String expected) {
        GatewayConfig config = GatewayConfigLoader.parse("timeouts: { connect: " + written + " }");

        assertThat(config.settings().connectTimeout()).isEqualTo(Duration.parse(expected));
    }

    @ParameterizedTest
    @CsvSource({"512, 512", "10KB, 10240", "10MB, 10485760", "1GB, 1073741824", "0, 0", "16kb, 16384"})
    void sizesAcceptBytesAndUnits(String written, long expected) {
        GatewayConfig config = GatewayConfigLoader.parse("limits: { maxBodySize: " + written + " }");

        assertThat(config.settings().maxBodySize()).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "0.0.0.0:8080 | 0.0.0.0 | 8080",
                "'\"[::1]:80\"' | ::1 | 80",
                "'{host: 127.0.0.1, port: 0}' | 127.0.0.1 | 0"
            })
    void listenAcceptsHostPortAndObjectForms(String written, String host, int port) {
        GatewayConfig config = GatewayConfigLoader.parse("listen: " + written);

        assertThat(config.settings().listen()).isEqualTo(new InetSocketAddress(host, port));
    }

    // ---- every problem, with its path ----

    @Test
    void memberPortOutOfRangeNamesTheMember() {
        String yaml = APP.replace(
                "- { id: shop-1, host: 127.0.0.1, port: 8081 }",
                "- { id: shop-1, host: 127.0.0.1, port: 8081 }\n          - { id: shop-2, host: 127.0.0.1, port: 70000 }");

        assertThat(problems(yaml)).containsExactly("apps[0].groups[0].members[1].port: 70000 (expected: 1-65535)");
    }

    @Test
    void negativeTimeoutShowsTheValueAsWritten() {
        assertThat(problems("timeouts: { connect: -1s }")).containsExactly("timeouts.connect: -1s (expected: > 0)");
    }

    @Test
    void everyTimeoutIsChecked() {
        assertThat(problems("timeouts: { headerRead: 0s, idle: 0s, connect: 0s, response: 0s, upstreamIdle: 0s,"
                        + " shutdown: -PT1S }"))
                .containsExactly(
                        "timeouts.headerRead: 0s (expected: > 0)",
                        "timeouts.idle: 0s (expected: > 0)",
                        "timeouts.connect: 0s (expected: > 0)",
                        "timeouts.response: 0s (expected: > 0)",
                        "timeouts.upstreamIdle: 0s (expected: > 0)",
                        "timeouts.shutdown: -PT1S (expected: > 0)");
    }

    @Test
    void unparseableDurationAndSizeSayWhatTheyShouldLookLike() {
        assertThat(problems("timeouts: { idle: 2 }\nlimits: { maxBodySize: 10 parsecs }"))
                .containsExactly(
                        "limits.maxBodySize: 10 parsecs (expected: a size like 512, 10KB or 10MB)",
                        "timeouts.idle: 2 (expected: a duration like 500ms, 2s, 1m or PT2S)");
    }

    @Test
    void limitsAreCheckedAgainstTheSettingsRanges() {
        assertThat(problems("limits: { maxUriLength: 10, maxHeaderSize: 4GB, maxBodySize: -1, maxIdlePerMember: -1 }"))
                .containsExactly(
                        "limits.maxUriLength: 10 (expected: 64-1048576)",
                        "limits.maxHeaderSize: 4GB (expected: at most 2147483647)",
                        "limits.maxBodySize: -1 (expected: a size like 512, 10KB or 10MB)",
                        "limits.maxIdlePerMember: -1 (expected: 0-100000)");
    }

    @Test
    void topLevelScalarsAreTypeChecked() {
        assertThat(problems("eventLoops: many\naccessLog: yes please\nreusePort: 1"))
                .containsExactly(
                        "eventLoops: many (expected: an integer)",
                        "reusePort: 1 (expected: true or false)",
                        "accessLog: yes please (expected: true or false)");
    }

    @Test
    void eventLoopsOutOfRange() {
        assertThat(problems("eventLoops: -1")).containsExactly("eventLoops: -1 (expected: 0-1024)");
    }

    @Test
    void badListenAddresses() {
        assertThat(problems("listen: 8080"))
                .containsExactly(
                        "listen: 8080 (expected: host:port, e.g." + " 127.0.0.1:8080, or {host: ..., port: ...})");
        assertThat(problems("listen: 0.0.0.0:99999"))
                .containsExactly("listen: 0.0.0.0:99999 (expected: a port 0-65535)");
        assertThat(problems("listen: ::1:80"))
                .containsExactly("listen: ::1:80 (expected: an IPv6 address in brackets," + " e.g. [::1]:8080)");
        assertThat(problems("listen: { host: 127.0.0.1 }")).containsExactly("listen.port: missing (expected: 0-65535)");
        assertThat(problems("listen: { host: 127.0.0.1, port: 65536 }"))
                .containsExactly("listen.port: 65536 (expected: 0-65535)");
        assertThat(problems("listen: { host: 127.0.0.1, port: 80, hots: x }"))
                .containsExactly("listen.hots: unknown field (expected one of: host, port)");
        assertThat(problems("admin: { listen: no-such-host.invalid:9090 }"))
                .containsExactly("admin.listen: no-such-host.invalid:9090 (expected: a resolvable host name or an IP"
                        + " address)");
    }

    @Test
    void adminProblems() {
        assertThat(problems("admin: { token: short }"))
                .containsExactly("admin.token: (hidden) (expected: at least 16 visible ASCII characters)");
        assertThat(problems("admin: { token: 0123456789abcdef0123, tokenFile: x }"))
                .containsExactly("admin.token: (hidden) (expected: either token or tokenFile, not both)");
        assertThat(problems("admin: { tokenFile: '' }"))
                .containsExactly("admin.tokenFile: \"\" (expected: a file path)");
        assertThat(problems("admin: { port: 9090 }"))
                .containsExactly("admin.port: unknown field (expected one of: listen, tokenFile, token)");
        assertThat(problems("admin: 9090")).containsExactly("admin: 9090 (expected: an object)");
    }

    @Test
    void problemsNeverShowTheToken() {
        ConfigException e = catchThrowableOfType(
                ConfigException.class,
                () -> GatewayConfigLoader.parse("admin: { token: 'secret secret secret', tokenFile: x }"));

        assertThat(e.getMessage()).doesNotContain("secret");
    }

    @Test
    void warmUpIsADurationUpToAMinuteAndZeroTurnsItOff() {
        assertThat(GatewayConfigLoader.parse("warmUp: 0s").settings().warmUp()).isZero();
        assertThat(problems("warmUp: soon"))
                .singleElement()
                .asString()
                .startsWith("warmUp: soon (expected: a duration");
        assertThat(problems("warmUp: 2m")).containsExactly("warmUp: 2m (expected: 0s, for none, up to 1m)");
    }

    @Test
    void unknownFieldsNameTheAlternatives() {
        assertThat(problems(APP.replace("- name: shop", "- name: shop\n    balancng: round-robin")))
                .containsExactly("apps[0].balancng: unknown field (expected one of: name, balancing, sticky,"
                        + " healthCheck, ejectAfterConnectFailures, groups, routing)");
        assertThat(problems("listn: 0.0.0.0:80"))
                .containsExactly(
                        "listn: unknown field (expected one of: listen, eventLoops, reusePort, accessLog, dataDir,"
                                + " warmUp, limits, timeouts, admin, version, apps, routes)");
        assertThat(problems("timeouts: { conect: 1s }"))
                .containsExactly("timeouts.conect: unknown field (expected one of: headerRead, idle, connect,"
                        + " response, upstreamIdle, shutdown)");
        assertThat(problems("limits: { maxBody: 1 }"))
                .containsExactly("limits.maxBody: unknown field (expected one of: maxUriLength, maxHeaderSize,"
                        + " maxBodySize, maxIdlePerMember)");
    }

    @Test
    void missingRequiredFieldsAreNamed() {
        assertThat(
                        problems(
                                """
                        apps:
                          - groups:
                              - members:
                                  - { weight: 5 }
                          - name: empty
                        routes:
                          - { host: x }
                        """))
                .containsExactly(
                        "apps[0].name: missing (expected: the app's name)",
                        "apps[0].groups[0].name: missing (expected: the group's name, e.g. blue)",
                        "apps[0].groups[0].members[0].id: missing (expected: an id unique in the table, e.g. shop-1)",
                        "apps[0].groups[0].members[0].host: missing (expected: a host name or IP address)",
                        "apps[0].groups[0].members[0].port: missing (expected: 1-65535)",
                        "apps[1].groups: missing (expected: a list)",
                        "routes[0].app: missing (expected: the name of an app)");
    }

    @Test
    void wrongTypesInTheTable() {
        assertThat(
                        problems(
                                """
                        apps:
                          - name: shop
                            balancing: random
                            sticky: NONSTOP
                            healthCheck: { path: /health, interval: often, rise: two }
                            ejectAfterConnectFailures: 1.5
                            groups:
                              - name: blue
                                members:
                                  - { id: shop-1, host: 127.0.0.1, port: "80a", weight: heavy, state: GONE }
                                  - just-a-string
                        routes: { app: shop }
                        """))
                .containsExactly(
                        "apps[0].balancing: random (expected: one of round-robin, least-in-flight)",
                        "apps[0].sticky: NONSTOP (expected: an object)",
                        "apps[0].healthCheck.interval: often (expected: a duration like 500ms, 2s, 1m or PT2S)",
                        "apps[0].healthCheck.rise: two (expected: an integer)",
                        "apps[0].ejectAfterConnectFailures: 1.5 (expected: an integer)",
                        "apps[0].groups[0].members[0].port: 80a (expected: an integer)",
                        "apps[0].groups[0].members[0].weight: heavy (expected: an integer)",
                        "apps[0].groups[0].members[0].state: GONE (expected: one of ACTIVE, DRAINING, OUT, STANDBY)",
                        "apps[0].groups[0].members[1]: just-a-string (expected: an object)",
                        "routes: an object (expected: a list)");
    }

    @Test
    void tableRulesComeFromTheRoutingTableValidator() {
        assertThat(
                        problems(
                                """
                        apps:
                          - name: shop
                            sticky: { cookie: "bad cookie" }
                            healthCheck: { path: health, timeout: -1s, fall: 0 }
                            ejectAfterConnectFailures: -1
                            groups:
                              - name: blue
                                members:
                                  - { id: shop-1, host: 127.0.0.1, port: 8081, weight: 10001 }
                                  - { id: shop-1, host: "", port: 0 }
                              - name: blue
                                members: []
                          - name: shop
                            groups: []
                        routes:
                          - { pathPrefix: api, app: shpo }
                        """))
                .containsExactly(
                        "apps[0].healthCheck.timeout: -1s (expected: > 0)",
                        "apps[0].ejectAfterConnectFailures: -1 (expected: >= 0)",
                        "apps[0].sticky.cookie: bad cookie (expected: a cookie name token)",
                        "apps[0].healthCheck.path: health (expected: a path starting with /)",
                        "apps[0].healthCheck.fall: 0 (expected: 1-100)",
                        "apps[0].groups[0].members[0].weight: 10001 (expected: 0-10000)",
                        "apps[0].groups[0].members[1].id: shop-1 (expected: an id no other member has)",
                        "apps[0].groups[0].members[1].host: \"\" (expected: a host name or IP address)",
                        "apps[0].groups[0].members[1].port: 0 (expected: 1-65535)",
                        "apps[0].groups[1].name: blue (expected: a name no other group of the app has)",
                        "apps[1].name: shop (expected: a name no other app has)",
                        "routes[0].pathPrefix: api (expected: a path starting with /)",
                        "routes[0].app: shpo (expected: one of the apps [shop])");
    }

    @Test
    void negativeVersion() {
        assertThat(problems("version: -3")).containsExactly("version: -3 (expected: >= 0)");
    }

    @Test
    void syntaxErrorsNameLineAndColumn() {
        List<String> problems = problems("listen: 0.0.0.0:8080\ntimeouts:\n  connect: 2s\n   idle: 3s\n");

        assertThat(problems)
                .singleElement()
                .asString()
                .startsWith("line 4, column ")
                .endsWith("(expected: valid YAML)");
    }

    @Test
    void syntaxErrorsSayWhatWasWrong() {
        assertThat(problems("listen: [::1]:80"))
                .containsExactly("line 1, column 10: expected the node content, but found ':' (while parsing a flow"
                        + " node) (expected: valid YAML)");
        assertThat(problems("apps:\n  - name: \"shop\n"))
                .singleElement()
                .asString()
                .startsWith("line 3, column 1: found unexpected end of stream");
    }

    @Test
    void duplicateKeysAreErrors() {
        assertThat(problems("eventLoops: 1\neventLoops: 2\n"))
                .singleElement()
                .asString()
                .startsWith("line 2, column ")
                .contains("eventLoops");
    }

    @Test
    void emptyOrNonObjectDocuments() {
        assertThat(problems("")).containsExactly("(document): empty (expected: a YAML object)");
        assertThat(problems("# only a comment\n")).containsExactly("(document): empty (expected: a YAML object)");
        assertThat(problems("- a\n- b\n")).containsExactly("(document): a list (expected: an object)");
    }

    @Test
    void missingFileIsAProblemToo(@TempDir Path dir) {
        Path file = dir.resolve("nope.yaml");

        assertThatThrownBy(() -> GatewayConfigLoader.load(file)).isInstanceOfSatisfying(ConfigException.class, e -> {
            assertThat(e.source()).isEqualTo(file.toString());
            assertThat(e.problems())
                    .extracting(Problem::toString)
                    .containsExactly("(file): no such file (expected: a readable UTF-8 YAML file)");
        });
    }

    @Test
    void allProblemsAreReportedAtOnce() {
        ConfigException e = catchThrowableOfType(
                ConfigException.class,
                () -> GatewayConfigLoader.parse(
                        "gateway.yaml", "timeouts: { connect: -1s }\neventLoops: x\napps: [ { name: a } ]\n"));

        assertThat(e.problems()).hasSize(3);
        assertThat(e.getMessage())
                .isEqualTo(
                        """
                        gateway.yaml: 3 problems
                          eventLoops: x (expected: an integer)
                          timeouts.connect: -1s (expected: > 0)
                          apps[0].groups: missing (expected: a list)""");
    }
}
