package dev.nonstop.controller.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nonstop.common.problem.Problem;
import dev.nonstop.controller.release.spec.Approval;
import dev.nonstop.controller.release.spec.EntryRule;
import dev.nonstop.controller.release.spec.GraySpec;
import dev.nonstop.controller.release.spec.PrometheusCheck;
import dev.nonstop.controller.release.spec.ReleaseSpec;
import dev.nonstop.controller.release.spec.ReleaseSpecJson;
import dev.nonstop.controller.release.spec.ReleaseStrategy;
import dev.nonstop.controller.release.spec.UserKey;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The gray strategies' part of {@code POST /api/releases}: read, defaulted, stored, and refused field by field. */
class GraySpecMapperTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String BASE = "{'app': 'shop', 'version': '2.0.0', 'artifact': 'JAR', ";

    @TempDir
    Path dir;

    private Path jar;

    @BeforeEach
    void anArtifact() throws IOException {
        jar = Files.writeString(dir.resolve("shop-2.0.0.jar"), "jar");
    }

    private JsonNode json(String text) throws IOException {
        return JSON.readTree(text.replace('\'', '"').replace("JAR", jar.toString()));
    }

    private ReleaseSpec read(String fields) throws IOException {
        return ReleaseSpecMapper.read(json(BASE + fields + "}"), "shop"::equals);
    }

    private List<String> problems(String fields) throws IOException {
        try {
            ReleaseSpecMapper.read(json(BASE + fields + "}"), "shop"::equals);
        } catch (ApiException e) {
            return e.problems().stream().map(Problem::toString).toList();
        }
        throw new AssertionError("expected problems for " + fields);
    }

    @Test
    void aSpecWithoutStrategyIsRollingAndStoredAsBefore() throws IOException {
        ReleaseSpec spec = read("'batchSize': 1");

        assertThat(spec.strategy()).isEqualTo(ReleaseStrategy.ROLLING);
        assertThat(spec.gray()).isEqualTo(GraySpec.ROLLING);
        assertThat(ReleaseSpecJson.toJson(spec)).doesNotContain("strategy", "steps", "analysis");
        assertThat(ReleaseSpecJson.fromJson(ReleaseSpecJson.toJson(spec))).isEqualTo(spec);
    }

    @Test
    void aCanaryGetsTheDefaultSteps() throws IOException {
        ReleaseSpec spec = read("'strategy': 'canary'");

        assertThat(spec.strategy()).isEqualTo(ReleaseStrategy.CANARY);
        assertThat(spec.gray().steps()).containsExactly(25, 50, 75, 100);
        assertThat(spec.gray().stepDuration()).isEqualTo(Duration.ofMinutes(2));
        assertThat(spec.gray().approval()).isEqualTo(Approval.NONE);
        assertThat(spec.gray().greenCount(3, 0)).isEqualTo(1);
    }

    @Test
    void everyCanaryFieldIsReadAndSurvivesTheStore() throws IOException {
        ReleaseSpec spec = read("'strategy': 'canary', 'steps': [10, 50, 100], 'stepDuration': '30s',"
                + " 'analysis': {'maxErrorRatio': 0.02, 'maxP99': '300ms', 'minRequests': 50, 'compareWithBlue': true},"
                + " 'entry': [{'type': 'header', 'name': 'X-Nonstop-Group', 'value': 'green'},"
                + " {'type': 'cookie', 'name': 'tester'}, {'type': 'network', 'cidrs': ['10.0.0.0/8', '2001:db8::/32']}],"
                + " 'percentKey': 'cookie:JSESSIONID', 'approval': 'manual', 'greenInstances': 2,"
                + " 'trustedForwardedHops': 1");

        GraySpec gray = spec.gray();
        assertThat(gray.steps()).containsExactly(10, 50, 100);
        assertThat(gray.stepDuration()).isEqualTo(Duration.ofSeconds(30));
        assertThat(gray.gate().maxErrorRatio()).hasValue(0.02);
        assertThat(gray.gate().maxP99()).contains(Duration.ofMillis(300));
        assertThat(gray.gate().minRequests()).isEqualTo(50);
        assertThat(gray.gate().compareWithBlue()).isTrue();
        assertThat(gray.entryRules())
                .containsExactly(
                        EntryRule.header("X-Nonstop-Group", "green"),
                        EntryRule.cookie("tester", null),
                        EntryRule.network(List.of("10.0.0.0/8", "2001:db8::/32")));
        assertThat(gray.userKey()).isEqualTo(new UserKey(UserKey.Kind.COOKIE, "JSESSIONID"));
        assertThat(gray.approval()).isEqualTo(Approval.MANUAL);
        assertThat(gray.greenInstances()).contains(2);
        assertThat(gray.trustedForwardedHops()).isEqualTo(1);
        assertThat(ReleaseSpecJson.fromJson(ReleaseSpecJson.toJson(spec))).isEqualTo(spec);
    }

    @Test
    void aBlueGreenSwitchesOnceAndKeepsBlueForItsWindow() throws IOException {
        ReleaseSpec spec = read("'strategy': 'blue-green', 'rollbackWindow': '5m', 'maxBlueTime': '2m'");

        assertThat(spec.gray().trafficSteps()).containsExactly(100);
        assertThat(spec.gray().rollbackWindow()).isEqualTo(Duration.ofMinutes(5));
        assertThat(spec.gray().blueStay()).isEqualTo(Duration.ofMinutes(2));
        assertThat(spec.gray().greenCount(3, 0)).isEqualTo(3);
        assertThat(ReleaseSpecJson.fromJson(ReleaseSpecJson.toJson(spec))).isEqualTo(spec);
    }

    @Test
    void stepsMustIncreaseWithin1To100AndEndAt100() throws IOException {
        assertThat(problems("'strategy': 'canary', 'steps': [50, 25, 100]"))
                .containsExactly("steps[1]: 25 (expected: > 50 (steps increase))");
        assertThat(problems("'strategy': 'canary', 'steps': [0, 50]"))
                .containsExactly(
                        "steps[0]: 0 (expected: 1 to 100 percent)", "steps: [0, 50] (expected: the last step 100)");
        assertThat(problems("'strategy': 'canary', 'steps': [25, 150]"))
                .contains("steps[1]: 150 (expected: 1 to 100 percent)");
        assertThat(problems("'strategy': 'canary', 'steps': []"))
                .containsExactly("steps: [] (expected: at least one step, the last 100)");
    }

    @Test
    void badCidrsAreRefusedByTheirIndex() throws IOException {
        assertThat(problems("'strategy': 'canary', 'entry': [{'type': 'network',"
                        + " 'cidrs': ['10.0.0.0/8', '10.0.0.300/8', '10.0.0.0/33', 'office', 'fe80::1/129', '::1']}]"))
                .hasSize(4)
                .anyMatch(p -> p.startsWith("entry[0].cidrs[1]: \"10.0.0.300/8\""))
                .anyMatch(p -> p.startsWith("entry[0].cidrs[2]: \"10.0.0.0/33\""))
                .anyMatch(p -> p.startsWith("entry[0].cidrs[3]: \"office\""))
                .anyMatch(p -> p.startsWith("entry[0].cidrs[4]: \"fe80::1/129\""));
        assertThat(problems("'strategy': 'canary', 'entry': [{'type': 'network', 'cidrs': []}]"))
                .containsExactly("entry[0].cidrs: [] (expected: at least one CIDR, e.g. 10.0.0.0/8)");
    }

    @Test
    void headerAndCookieRulesNeedTokenNames() throws IOException {
        assertThat(problems("'strategy': 'canary', 'entry': [{'type': 'header', 'name': 'X Group', 'value': 'g'},"
                        + " {'type': 'cookie', 'name': 'c', 'value': 'a b'}, {'type': 'ip'}]"))
                .hasSize(3)
                .anyMatch(p -> p.startsWith("entry[0].name: \"X Group\""))
                .anyMatch(p -> p.startsWith("entry[1].value: \"a b\""))
                .anyMatch(p -> p.startsWith("entry[2].type: \"ip\""));
    }

    @Test
    void aGateThatCannotBeMetIsRefused() throws IOException {
        assertThat(problems("'strategy': 'canary', 'analysis': {'maxP99': 'PT0.0001S'}"))
                .singleElement()
                .asString()
                .startsWith(
                        "analysis.maxP99: 100 µs (expected: at least 250 µs, the gateways' smallest latency bucket");
        assertThat(problems("'strategy': 'canary', 'analysis': {'maxErrorRatio': 1}"))
                .singleElement()
                .asString()
                .startsWith("analysis.maxErrorRatio: 1.0 (expected: a fraction, at least 0 and below 1");
        assertThat(problems("'strategy': 'canary', 'analysis': {'maxErrorRatio': -0.5}"))
                .singleElement()
                .asString()
                .startsWith("analysis.maxErrorRatio: -0.5");
        assertThat(problems("'strategy': 'canary', 'analysis': {'maxErrorRatio': null, 'compareWithBlue': true}"))
                .singleElement()
                .asString()
                .startsWith("analysis.compareWithBlue: true (expected: maxErrorRatio or maxP99 too");
        assertThat(problems("'strategy': 'canary', 'analysis': {'minRequests': -1}"))
                .containsExactly("analysis.minRequests: -1 (expected: >= 0)");
    }

    @Test
    void aPrometheusQueryIsReadStoredAndChecked() throws IOException {
        ReleaseSpec spec = read("'strategy': 'canary', 'analysis': {'maxErrorRatio': 0.02, 'prometheus':"
                + " {'url': 'http://prometheus:9090', 'query': 'max(errors{app=~${app}})', 'max': 0.5}}");

        PrometheusCheck check = spec.gray().gate().prometheus().orElseThrow();
        assertThat(check).isEqualTo(new PrometheusCheck("http://prometheus:9090", "max(errors{app=~${app}})", 0.5));
        assertThat(check.resolve("shop", "2.0.0", "1.0.0")).isEqualTo("max(errors{app=~shop})");
        assertThat(ReleaseSpecJson.fromJson(ReleaseSpecJson.toJson(spec))).isEqualTo(spec);
        assertThat(spec.gray().gate().toString()).contains("prometheus max(errors{app=~${app}}) <= 0.5");

        assertThat(problems("'strategy': 'canary', 'analysis': {'prometheus': {'url': 'ftp://p:21', 'query': ' ',"
                        + " 'max': 1}}"))
                .containsExactly(
                        "analysis.prometheus.url: ftp://p:21 (expected: Prometheus' base URL, http:// or https:// with"
                                + " a host, without a query or fragment (e.g. http://prometheus:9090))",
                        "analysis.prometheus.query:   (expected: a non-empty PromQL expression)");
        assertThat(problems("'strategy': 'canary', 'analysis': {'prometheus': {'url': 'http://p:9090/?x=1',"
                        + " 'query': 'up', 'max': '1', 'step': 1}}"))
                .containsExactlyInAnyOrder(
                        "analysis.prometheus.step: unknown field (expected: one of url, query, max)",
                        "analysis.prometheus.max: \"1\" (expected: a number)");
        assertThat(problems("'strategy': 'canary', 'analysis': {'prometheus': {'query': 'up'}}"))
                .containsExactlyInAnyOrder(
                        "analysis.prometheus.url: missing (expected: a string)",
                        "analysis.prometheus.max: missing (expected: a number)");
        assertThat(problems("'strategy': 'canary', 'analysis': {'prometheus': 'http://p'}"))
                .containsExactly("analysis.prometheus: \"http://p\" (expected: an object with url, query and max)");
    }

    @Test
    void optionsOfAnotherStrategyAreRefused() throws IOException {
        assertThat(problems("'steps': [50, 100]"))
                .containsExactly("steps: [50,100] (expected: only with strategy canary or blue-green)");
        assertThat(problems("'strategy': 'blue-green', 'steps': [50, 100]"))
                .containsExactly("steps: [50,100] (expected: only with strategy canary (blue-green switches at once))");
        assertThat(problems("'strategy': 'canary', 'rollbackWindow': '5m'"))
                .containsExactly("rollbackWindow: \"5m\" (expected: only with strategy blue-green)");
        assertThat(problems("'strategy': 'linear'"))
                .containsExactly("strategy: \"linear\" (expected: rolling, canary or blue-green)");
    }

    @Test
    void blueGreenTimesAreChecked() throws IOException {
        assertThat(problems("'strategy': 'blue-green', 'rollbackWindow': '1m', 'maxBlueTime': '2m'"))
                .containsExactly("maxBlueTime: PT2M (expected: <= rollbackWindow (PT1M): blue is retired then)");
        assertThat(problems("'strategy': 'canary', 'percentKey': 'session', 'approval': 'auto', 'greenInstances': 0"))
                .containsExactly(
                        "percentKey: \"session\" (expected: cookie:NAME, header:NAME or client-address)",
                        "approval: \"auto\" (expected: manual or none)",
                        "greenInstances: 0 (expected: >= 1)");
    }

    @Test
    void theUserKeyParses() {
        assertThat(UserKey.parse("cookie:JSESSIONID")).contains(new UserKey(UserKey.Kind.COOKIE, "JSESSIONID"));
        assertThat(UserKey.parse("header:X-User")).contains(new UserKey(UserKey.Kind.HEADER, "X-User"));
        assertThat(UserKey.parse("client-address")).contains(new UserKey(UserKey.Kind.CLIENT_ADDRESS, null));
        assertThat(UserKey.parse("cookie:")).isEqualTo(Optional.empty());
    }
}
