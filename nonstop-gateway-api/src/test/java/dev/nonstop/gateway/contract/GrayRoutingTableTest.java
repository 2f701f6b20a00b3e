package dev.nonstop.gateway.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nonstop.common.config.ConfigException;
import dev.nonstop.common.problem.Problem;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class GrayRoutingTableTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static App shop(GrayRouting routing) {
        return new App(
                        "shop",
                        List.of(
                                new Group("blue", "1.0.0", List.of(Member.active("b1", "127.0.0.1", 8081))),
                                new Group("green", "1.1.0", List.of(Member.active("g1", "127.0.0.1", 8082)))),
                        Balancing.ROUND_ROBIN,
                        null,
                        null,
                        App.DEFAULT_EJECT_AFTER)
                .withRouting(routing);
    }

    private static RoutingTable table(GrayRouting routing) {
        return new RoutingTable(3, List.of(Route.any("shop")), List.of(shop(routing)));
    }

    private static GrayRouting fullRouting() {
        return new GrayRouting(
                "blue",
                List.of(
                        new HeaderRule("X-Nonstop-Group", "green", "green"),
                        new HeaderRule("X-Tester", null, "green"),
                        new CookieRule("beta", "1", "green"),
                        new NetworkRule(List.of("10.0.0.0/8", "fd00::/8", "192.168.1.7"), "green"),
                        new PercentRule(25, PercentKey.cookie("JSESSIONID"), "green"),
                        new PercentRule(12.5, PercentKey.header("X-User"), "green"),
                        new PercentRule(50, PercentKey.clientAddress(), "green")),
                new PinCookie("GRP", Duration.ofHours(2)),
                1);
    }

    @Test
    void routingAndGroupVersionsSurviveAJsonRoundTrip() throws Exception {
        RoutingTable table = table(fullRouting());

        String json = JSON.writeValueAsString(TableJson.toTree(table));
        RoutingTable back = TableJson.fromTree("test", JSON.readTree(json), 0);

        assertThat(back).isEqualTo(table);
        assertThat(back.apps().get(0).groups()).extracting(Group::version).containsExactly("1.0.0", "1.1.0");
    }

    @Test
    void theContractsJsonShapeReads() throws Exception {
        String json =
                """
                {"version": 4, "routes": [{"pathPrefix": "/", "app": "shop"}],
                 "apps": [{"name": "shop", "groups": [
                     {"name": "blue", "version": "1.0", "members": [{"id": "b1", "host": "127.0.0.1", "port": 8081}]},
                     {"name": "green", "members": [{"id": "g1", "host": "127.0.0.1", "port": 8082}]}],
                   "routing": {"defaultGroup": "blue",
                     "rules": [{"type":"header","name":"X-Nonstop-Group","value":"green","group":"green"},
                               {"type":"cookie","name":"beta","group":"green"},
                               {"type":"network","cidrs":["10.0.0.0/8"],"group":"green"},
                               {"type":"percent","percent":25,"key":{"kind":"cookie","name":"JSESSIONID"},"group":"green"},
                               {"type":"percent","percent":33.5,"key":{"kind":"client-address"},"group":"green"}],
                     "pin":{"name":"NONSTOP_GROUP","maxAgeSeconds":null}, "trustedForwardedHops":0}}]}
                """;

        RoutingTable table = TableJson.fromTree("test", JSON.readTree(json), 0);

        GrayRouting routing = table.apps().get(0).routing();
        assertThat(routing.defaultGroup()).isEqualTo("blue");
        assertThat(routing.rules())
                .containsExactly(
                        new HeaderRule("X-Nonstop-Group", "green", "green"),
                        new CookieRule("beta", null, "green"),
                        new NetworkRule(List.of("10.0.0.0/8"), "green"),
                        new PercentRule(25, PercentKey.cookie("JSESSIONID"), "green"),
                        new PercentRule(33.5, PercentKey.clientAddress(), "green"));
        assertThat(routing.pin()).isEqualTo(PinCookie.defaults());
        assertThat(table.apps().get(0).groups().get(0).version()).isEqualTo("1.0");
        assertThat(table.apps().get(0).groups().get(1).version()).isNull();
    }

    @Test
    void anAppWithoutRoutingHasNone() throws Exception {
        RoutingTable table = new RoutingTable(1, List.of(), List.of(App.of("shop", Member.active("a", "h", 1))));
        JsonNode tree = TableJson.toTree(table);

        assertThat(tree.path("apps").get(0).has("routing")).isFalse();
        assertThat(TableJson.fromTree("t", tree, 0).apps().get(0).routing()).isNull();
    }

    @Test
    void badRoutingIsRefusedWithEveryFieldNamed() {
        GrayRouting bad = new GrayRouting(
                "purple",
                List.of(
                        new HeaderRule("X Bad", "green", "green"),
                        new NetworkRule(
                                List.of("10.0.0.0/8", "10.0.0.300/8", "10.0.0.0/33", "fd00::/129", "shop.example.com"),
                                "green"),
                        new PercentRule(101, PercentKey.cookie("JSESSIONID"), "green"),
                        new PercentRule(-1, PercentKey.clientAddress(), "green"),
                        new PercentRule(Double.NaN, PercentKey.header("X-User"), "green"),
                        new CookieRule("beta", "a b", "orange"),
                        new NetworkRule(List.of(), "green")),
                new PinCookie("bad;name", Duration.ZERO),
                -1);

        List<Problem> problems = RoutingTableValidator.validate(table(bad));

        assertThat(problems)
                .extracting(Problem::path)
                .containsExactlyInAnyOrder(
                        "apps[0].routing.defaultGroup",
                        "apps[0].routing.rules[0].name",
                        "apps[0].routing.rules[1].cidrs[1]",
                        "apps[0].routing.rules[1].cidrs[2]",
                        "apps[0].routing.rules[1].cidrs[3]",
                        "apps[0].routing.rules[1].cidrs[4]",
                        "apps[0].routing.rules[2].percent",
                        "apps[0].routing.rules[3].percent",
                        "apps[0].routing.rules[4].percent",
                        "apps[0].routing.rules[5].group",
                        "apps[0].routing.rules[5].value",
                        "apps[0].routing.rules[6].cidrs",
                        "apps[0].routing.pin.name",
                        "apps[0].routing.pin.maxAgeSeconds",
                        "apps[0].routing.trustedForwardedHops");
        assertThat(problems)
                .extracting(Problem::toString)
                .contains(
                        "apps[0].routing.defaultGroup: purple (expected: one of the app's groups [blue, green])",
                        "apps[0].routing.rules[2].percent: 101.0 (expected: 0-100)",
                        "apps[0].routing.rules[5].group: orange (expected: one of the app's groups [blue, green])");
        assertThat(problems.stream().filter(p -> p.path().equals("apps[0].routing.rules[1].cidrs[2]")))
                .singleElement()
                .asString()
                .contains("10.0.0.0/33", "prefix 33 (expected: 0-32)");
    }

    @Test
    void theAdminApiJsonNamesTheBadField() {
        String json =
                """
                {"apps": [{"name": "shop", "groups": [{"name": "blue", "members": []}],
                   "routing": {"defaultGroup": "blue", "rules": [
                      {"type": "network", "cidrs": ["10.0.0.0/8", "10.1.0.0/99"], "group": "blue"},
                      {"type": "percent", "percent": 150, "key": {"kind": "cookie", "name": "S"}, "group": "blue"},
                      {"type": "percent", "percent": "half", "key": {"kind": "user"}, "group": "green"},
                      {"type": "regex", "group": "blue"}]}}],
                 "routes": []}
                """;

        assertThatThrownBy(() -> TableJson.fromTree("PUT /admin/table", JSON.readTree(json), 0))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("apps[0].routing.rules[0].cidrs[1]: 10.1.0.0/99")
                .hasMessageContaining("apps[0].routing.rules[1].percent: 150.0 (expected: 0-100)")
                .hasMessageContaining("apps[0].routing.rules[2].percent: half (expected: a number 0-100)")
                .hasMessageContaining(
                        "apps[0].routing.rules[2].key.kind: user (expected: one of cookie, header, client-address)")
                .hasMessageContaining(
                        "apps[0].routing.rules[2].group: green (expected: one of the app's groups [blue])")
                .hasMessageContaining(
                        "apps[0].routing.rules[3].type: regex (expected: one of header, cookie, network, percent)");
    }

    @Test
    void removingAndChangingMembersKeepsGroupVersions() {
        RoutingTable table = table(GrayRouting.to("blue"));

        RoutingTable changed = table.withMember("g1", m -> m.withWeight(5)).withoutMember("b1");

        assertThat(changed.apps().get(0).groups()).extracting(Group::version).containsExactly("1.0.0", "1.1.0");
        assertThat(changed.apps().get(0).routing()).isEqualTo(GrayRouting.to("blue"));
    }

    @Test
    void cidrsMatchTheirNetworkOnly() {
        Cidr ten = Cidr.parse("10.0.0.0/8");
        Cidr odd = Cidr.parse("192.168.1.128/25");
        Cidr six = Cidr.parse("fd00::/8");
        Cidr one = Cidr.parse("2001:db8::1");

        assertThat(ten.contains(Cidr.parseAddress("10.255.3.4"))).isTrue();
        assertThat(ten.contains(Cidr.parseAddress("11.0.0.1"))).isFalse();
        assertThat(odd.contains(Cidr.parseAddress("192.168.1.200"))).isTrue();
        assertThat(odd.contains(Cidr.parseAddress("192.168.1.127"))).isFalse();
        assertThat(six.contains(Cidr.parseAddress("fd12:3456::1"))).isTrue();
        assertThat(six.contains(Cidr.parseAddress("fe80::1"))).isFalse();
        assertThat(six.contains(Cidr.parseAddress("10.0.0.1"))).isFalse();
        assertThat(one.contains(Cidr.parseAddress("[2001:db8:0::1]"))).isTrue();
        assertThat(one.contains(Cidr.parseAddress("2001:db8::2"))).isFalse();
        assertThat(Cidr.parse("0.0.0.0/0").contains(Cidr.parseAddress("8.8.8.8")))
                .isTrue();
        assertThat(Cidr.parseAddress("localhost")).isNull();
        assertThat(Cidr.parseAddress("1.2.3")).isNull();
        assertThat(Cidr.parseAddress("1.2.3.4.5")).isNull();
        assertThat(Cidr.parseAddress("256.1.1.1")).isNull();
    }

    @Test
    void userBucketsAreMurmur3AndStable() {
        // MurmurHash3 x86_32 seed 0 reference values.
        assertThat(UserBucket.murmur3("")).isEqualTo(0);
        assertThat(UserBucket.murmur3("hello")).isEqualTo(0x248bfa47);
        assertThat(UserBucket.murmur3("The quick brown fox jumps over the lazy dog"))
                .isEqualTo(0x2e4ff723);
        for (String s : List.of("a", "ab", "abc", "abcd", "session-42", "ünïcødé", "日本語", "😀x")) {
            byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
            assertThat(UserBucket.murmur3(s)).as(s).isEqualTo(UserBucket.murmur3(utf8, 0, utf8.length));
            assertThat(UserBucket.of(s)).isBetween(0, UserBucket.BUCKETS - 1);
        }
    }

    @Test
    void raisingAPercentOnlyAddsBuckets() {
        PercentRule quarter = new PercentRule(25, PercentKey.clientAddress(), "green");
        PercentRule half = new PercentRule(50, PercentKey.clientAddress(), "green");
        int inQuarter = 0;
        for (int i = 0; i < 10_000; i++) {
            int bucket = UserBucket.of("user-" + i);
            if (quarter.includes(bucket)) {
                inQuarter++;
                assertThat(half.includes(bucket)).isTrue();
            }
        }
        assertThat(inQuarter).isBetween(2_300, 2_700);
        assertThat(new PercentRule(0, PercentKey.clientAddress(), "g").includes(0))
                .isFalse();
        assertThat(new PercentRule(100, PercentKey.clientAddress(), "g").includes(9_999))
                .isTrue();
    }
}
