package dev.nonstop.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nonstop.common.problem.Problem;
import dev.nonstop.common.token.BearerToken;
import dev.nonstop.gateway.Gateway;
import dev.nonstop.gateway.GatewaySettings;
import dev.nonstop.gateway.admin.AdminServer;
import dev.nonstop.gateway.contract.App;
import dev.nonstop.gateway.contract.Balancing;
import dev.nonstop.gateway.contract.CookieRule;
import dev.nonstop.gateway.contract.GrayRouting;
import dev.nonstop.gateway.contract.GrayRule;
import dev.nonstop.gateway.contract.Group;
import dev.nonstop.gateway.contract.HeaderRule;
import dev.nonstop.gateway.contract.InvalidTableException;
import dev.nonstop.gateway.contract.Member;
import dev.nonstop.gateway.contract.MemberState;
import dev.nonstop.gateway.contract.NetworkRule;
import dev.nonstop.gateway.contract.PercentKey;
import dev.nonstop.gateway.contract.PercentRule;
import dev.nonstop.gateway.contract.PinCookie;
import dev.nonstop.gateway.contract.Route;
import dev.nonstop.gateway.contract.RoutingTable;
import dev.nonstop.gateway.contract.client.GatewayAdminClient;
import dev.nonstop.gateway.contract.client.GroupCounters;
import dev.nonstop.testing.leak.NettyLeakDetectionExtension;
import dev.nonstop.testing.upstream.TestUpstream;
import dev.nonstop.testing.upstream.TestUpstreamOptions;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Gray routing through a real gateway to real members on loopback: blue (b1, b2, version 1.0) and
 * green (g1, g2, version 2.0). Which group answered is read from {@code X-Upstream-Id}.
 */
@Timeout(120)
@ExtendWith(NettyLeakDetectionExtension.class)
class GrayRoutingIntegrationTest {
    private static final String TOKEN = "gray-admin-token-0123456789";
    private static final String PIN = "NONSTOP_GROUP";

    private final List<TestUpstream> upstreams = new ArrayList<>();
    private final Map<String, Integer> ports = new HashMap<>();
    private Gateway gateway;
    private AdminServer admin;
    private HttpClient http;
    private ExecutorService pool;

    @BeforeEach
    void start() {
        for (String id : List.of("b1", "b2", "g1", "g2")) {
            TestUpstream upstream = TestUpstream.start(TestUpstreamOptions.builder()
                    .host("127.0.0.1")
                    .port(0)
                    .id(id)
                    .printRequestIds(false)
                    .build());
            upstreams.add(upstream);
            ports.put(id, upstream.port());
        }
        gateway = Gateway.start(
                GatewaySettings.builder().listen("127.0.0.1", 0).eventLoops(2).build(),
                table(1, GrayRouting.to("blue")));
        admin = AdminServer.start(
                new InetSocketAddress("127.0.0.1", 0), BearerToken.of(TOKEN, AdminServer.TOKEN_NAME), gateway);
        http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        pool = Executors.newFixedThreadPool(8);
    }

    @AfterEach
    void stop() {
        pool.shutdownNow();
        http.shutdownNow();
        admin.close();
        gateway.shutdownGracefully(Duration.ofSeconds(2));
        upstreams.forEach(TestUpstream::close);
    }

    private Member member(String id) {
        return Member.active(id, "127.0.0.1", ports.get(id));
    }

    private App app(GrayRouting routing, boolean withGreen) {
        List<Group> groups = new ArrayList<>();
        groups.add(new Group("blue", "1.0", List.of(member("b1"), member("b2"))));
        if (withGreen) {
            groups.add(new Group("green", "2.0", List.of(member("g1"), member("g2"))));
        }
        return new App("shop", groups, Balancing.ROUND_ROBIN, null, null, App.DEFAULT_EJECT_AFTER).withRouting(routing);
    }

    private RoutingTable table(long version, GrayRouting routing) {
        return new RoutingTable(version, List.of(Route.any("shop")), List.of(app(routing, true)));
    }

    private void put(GrayRouting routing) {
        RoutingTable current = gateway.tables().current();
        gateway.tables().replace(table(current.version() + 1, routing), OptionalLong.empty());
    }

    private static GrayRouting percent(double percent) {
        return GrayRouting.to("blue", new PercentRule(percent, PercentKey.cookie("JSESSIONID"), "green"));
    }

    /** The group that answered and the pin cookie the response set (or null). */
    record Answer(String group, String pin, int status) {}

    private Answer send(String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + gateway.address().getPort() + "/page"))
                .timeout(Duration.ofSeconds(10));
        if (headers.length > 0) {
            request.headers(headers);
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        String upstream = response.headers().firstValue("x-upstream-id").orElse("none");
        String pin = null;
        for (String setCookie : response.headers().allValues("set-cookie")) {
            if (setCookie.startsWith(PIN + "=")) {
                assertThat(setCookie).endsWith("; Path=/; HttpOnly; SameSite=Lax");
                pin = setCookie.substring(PIN.length() + 1, setCookie.indexOf(';'));
            }
        }
        String group = upstream.startsWith("b") ? "blue" : upstream.startsWith("g") ? "green" : upstream;
        return new Answer(group, pin, response.statusCode());
    }

    /** Runs {@code work} for users 0..n-1 on the pool; returns the results by user. */
    private <T> List<T> forUsers(int n, IntFunction<T> work) throws Exception {
        List<Future<T>> futures = new ArrayList<>();
        for (int u = 0; u < n; u++) {
            int user = u;
            futures.add(pool.submit(() -> work.apply(user)));
        }
        List<T> out = new ArrayList<>();
        for (Future<T> f : futures) {
            out.add(f.get());
        }
        return out;
    }

    private Answer unchecked(String... headers) {
        try {
            return send(headers);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void headerCookieAndNetworkRulesSendExactlyTheMatchingRequestsToGreen() throws Exception {
        put(new GrayRouting(
                "blue",
                List.of(
                        new HeaderRule("X-Nonstop-Group", "green", "green"),
                        new CookieRule("beta", "1", "green"),
                        new NetworkRule(List.of("10.0.0.0/8", "fd00::/8"), "green")),
                PinCookie.defaults(),
                1));
        // {headers..., expected group}
        String[][] cases = {
            {"X-Nonstop-Group", "green", "green"},
            {"x-nonstop-group", "green", "green"},
            {"X-Nonstop-Group", "Green", "blue"},
            {"X-Nonstop-Group", "blue", "blue"},
            {"X-Other", "green", "blue"},
            {"Cookie", "beta=1", "green"},
            {"Cookie", "a=b; beta=1; c=d", "green"},
            {"Cookie", "beta=10", "blue"},
            {"Cookie", "xbeta=1", "blue"},
            {"Cookie", "beta", "blue"},
            {"X-Forwarded-For", "10.1.2.3", "green"},
            {"X-Forwarded-For", "1.2.3.4, 10.0.0.7", "green"},
            {"X-Forwarded-For", "10.0.0.7, 1.2.3.4", "blue"},
            {"X-Forwarded-For", "11.0.0.1", "blue"},
            {"X-Forwarded-For", "fd00::5", "green"},
            {"X-Forwarded-For", "fe80::1", "blue"},
            {"X-Forwarded-For", "unknown", "blue"},
        };
        int green = 0;
        for (int round = 0; round < 10; round++) {
            for (String[] c : cases) {
                Answer answer = send(c[0], c[1]);
                assertThat(answer.group()).as("%s: %s", c[0], c[1]).isEqualTo(c[2]);
                assertThat(answer.status()).isEqualTo(200);
                if (c[2].equals("green")) {
                    green++;
                    // An explicit rule never pins.
                    assertThat(answer.pin()).as("%s: %s", c[0], c[1]).isNull();
                } else {
                    assertThat(answer.pin()).isEqualTo("blue");
                }
            }
        }
        assertThat(send().group()).isEqualTo("blue");
        List<GroupCounters> counters = adminClient().groupStats("shop");
        assertThat(counters).extracting(GroupCounters::group).containsExactly("blue", "green");
        assertThat(counters).extracting(GroupCounters::version).containsExactly("1.0", "2.0");
        assertThat(counters.get(1).requests()).isEqualTo(green);
        assertThat(counters.get(0).requests()).isEqualTo(10L * cases.length - green + 1);
        assertThat(counters.get(1).latency().count()).isEqualTo(green);
        assertThat(counters.get(0).usersPinned()).isEqualTo(10L * cases.length - green + 1);
        assertThat(counters.get(1).usersPinned()).isZero();
    }

    @Test
    void theClientAddressIsThePeerOrTheTrustedForwardedHop() throws Exception {
        put(GrayRouting.to("blue", new NetworkRule(List.of("10.0.0.0/8"), "green")));
        assertThat(send("X-Forwarded-For", "10.0.0.1").group())
                .as("hops 0: the peer")
                .isEqualTo("blue");

        put(GrayRouting.to("blue", new NetworkRule(List.of("127.0.0.0/8"), "green")));
        assertThat(send("X-Forwarded-For", "1.2.3.4").group())
                .as("hops 0: the peer")
                .isEqualTo("green");

        put(GrayRouting.to("blue", new NetworkRule(List.of("10.0.0.0/8"), "green"))
                .withTrustedForwardedHops(2));
        assertThat(send("X-Forwarded-For", "10.0.0.1, 9.9.9.9").group()).isEqualTo("green");
        assertThat(send("X-Forwarded-For", "9.9.9.9, 10.0.0.1").group()).isEqualTo("blue");
        assertThat(send("X-Forwarded-For", "8.8.8.8, 10.0.0.1, 9.9.9.9").group())
                .isEqualTo("green");
        // Two fields are one list: the second-from-right address is the last of the first field.
        assertThat(send("X-Forwarded-For", "8.8.8.8, 10.0.0.1", "X-Forwarded-For", "9.9.9.9")
                        .group())
                .isEqualTo("green");
        // Shorter than the trusted depth: the leftmost address known.
        assertThat(send("X-Forwarded-For", "10.0.0.1").group()).isEqualTo("green");
        // Without the field: the peer.
        assertThat(send().group()).isEqualTo("blue");
    }

    @Test
    void percentRulesPutTheirShareOfDistinctUsersOnGreenAndRaisingThemOnlyAddsUsers() throws Exception {
        int users = 2_000;
        Map<Integer, Boolean> greenAt25 = new ConcurrentHashMap<>();
        for (int percent : new int[] {25, 50, 75}) {
            put(percent(percent));
            List<Answer> answers = forUsers(users, u -> unchecked("Cookie", "JSESSIONID=user-" + u + "-session"));
            long green = answers.stream().filter(a -> a.group().equals("green")).count();
            double share = 100.0 * green / users;
            assertThat(share).as("share on green at %d%%", percent).isBetween(percent - 3.0, percent + 3.0);
            for (int u = 0; u < users; u++) {
                Answer a = answers.get(u);
                assertThat(a.pin()).as("a new user is pinned where they went").isEqualTo(a.group());
                if (percent == 25) {
                    greenAt25.put(u, a.group().equals("green"));
                } else if (greenAt25.get(u)) {
                    assertThat(a.group()).as("user %d was on green at 25%%", u).isEqualTo("green");
                }
            }
        }
        // The same user asks again: the same bucket, every time (no pin cookie sent back here).
        put(percent(50));
        for (int u = 0; u < 50; u++) {
            String first = send("Cookie", "JSESSIONID=user-" + u + "-session").group();
            assertThat(send("Cookie", "JSESSIONID=user-" + u + "-session").group())
                    .isEqualTo(first);
        }
    }

    @Test
    void pinnedUsersNeverSwitchAcrossStepsAndAreMovedOnceWhenTheirGroupGoes() throws Exception {
        int users = 1_000;
        put(percent(25));
        // Each user: first request without a pin, later requests with the pin cookie the gateway set.
        List<Answer> first = forUsers(users, u -> unchecked("Cookie", "JSESSIONID=s" + u));
        String[] pins = new String[users];
        for (int u = 0; u < users; u++) {
            pins[u] = first.get(u).pin();
            assertThat(pins[u]).isEqualTo(first.get(u).group());
        }
        long greenUsers = java.util.Arrays.stream(pins).filter("green"::equals).count();
        assertThat(100.0 * greenUsers / users).isBetween(22.0, 28.0);
        for (int percent : new int[] {50, 75, 100, 0}) {
            put(percent(percent));
            List<Answer> again =
                    forUsers(users, u -> unchecked("Cookie", "JSESSIONID=s" + u + "; " + PIN + "=" + pins[u]));
            for (int u = 0; u < users; u++) {
                assertThat(again.get(u).group())
                        .as("user %d at %d%%", u, percent)
                        .isEqualTo(pins[u]);
                assertThat(again.get(u).pin())
                        .as("a valid pin is not set again")
                        .isNull();
            }
        }
        assertThat(adminClient().groupStats("shop"))
                .extracting(GroupCounters::usersPinned)
                .containsExactly(users - greenUsers, greenUsers);

        // Green goes away (rolled back): its users are moved to blue once, then stay.
        RoutingTable current = gateway.tables().current();
        gateway.tables()
                .replace(
                        new RoutingTable(
                                current.version() + 1, current.routes(), List.of(app(GrayRouting.to("blue"), false))),
                        OptionalLong.empty());
        String[] moved = new String[users];
        List<Answer> afterRemoval =
                forUsers(users, u -> unchecked("Cookie", "JSESSIONID=s" + u + "; " + PIN + "=" + pins[u]));
        for (int u = 0; u < users; u++) {
            Answer a = afterRemoval.get(u);
            assertThat(a.group()).isEqualTo("blue");
            assertThat(a.pin())
                    .as("user %d re-pinned only if it was on green", u)
                    .isEqualTo(pins[u].equals("green") ? "blue" : null);
            moved[u] = a.pin() != null ? a.pin() : pins[u];
        }
        List<Answer> later =
                forUsers(users, u -> unchecked("Cookie", "JSESSIONID=s" + u + "; " + PIN + "=" + moved[u]));
        assertThat(later).allSatisfy(a -> {
            assertThat(a.group()).isEqualTo("blue");
            assertThat(a.pin()).isNull();
        });
    }

    @Test
    void aGroupWithoutAvailableMembersFallsBackToTheDefaultAndNeverFailsARequest() throws Exception {
        put(GrayRouting.to("blue", new HeaderRule("X-Nonstop-Group", null, "green")));
        assertThat(send("X-Nonstop-Group", "anything").group()).isEqualTo("green");

        gateway.setMemberState("g1", MemberState.DRAINING, null);
        gateway.setMemberState("g2", MemberState.OUT, null);
        for (int i = 0; i < 20; i++) {
            Answer answer = send("X-Nonstop-Group", "x");
            assertThat(answer.status()).isEqualTo(200);
            assertThat(answer.group()).isEqualTo("blue");
        }
        // A pin to a group that cannot take requests: re-chosen (default) and re-pinned.
        Answer pinned = send("Cookie", PIN + "=green");
        assertThat(pinned.group()).isEqualTo("blue");
        assertThat(pinned.pin()).isEqualTo("blue");
    }

    @Test
    void membersOfTheChosenGroupKeepTheirWeightsAndStates() throws Exception {
        RoutingTable current = gateway.tables().current();
        App weighted = app(GrayRouting.to("green"), true);
        List<Group> groups = new ArrayList<>(weighted.groups());
        Group green = groups.get(1);
        groups.set(
                1,
                green.withMembers(
                        List.of(member("g1").withWeight(300), member("g2").withWeight(100))));
        gateway.tables()
                .replace(
                        new RoutingTable(current.version() + 1, current.routes(), List.of(weighted.withGroups(groups))),
                        OptionalLong.empty());
        Map<String, Integer> byMember = new HashMap<>();
        for (int i = 0; i < 400; i++) {
            HttpResponse<String> r = http.send(
                    HttpRequest.newBuilder(URI.create(
                                    "http://127.0.0.1:" + gateway.address().getPort() + "/w"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            byMember.merge(r.headers().firstValue("x-upstream-id").orElseThrow(), 1, Integer::sum);
        }
        assertThat(byMember).containsOnlyKeys("g1", "g2");
        assertThat(byMember.get("g1")).isEqualTo(300);
    }

    @Test
    void badRoutingTablesAreRefusedWithTheFieldNamedAndTheOldTableStays() {
        long before = gateway.versionInForce();
        List<GrayRule> rules = List.of(
                new NetworkRule(List.of("10.0.0.0/8", "10.0.0.0/40"), "green"),
                new PercentRule(120, PercentKey.cookie("JSESSIONID"), "green"),
                new HeaderRule("X-Test", null, "purple"));
        assertThatThrownBy(() -> put(new GrayRouting("blue", rules, PinCookie.defaults(), 0)))
                .isInstanceOf(InvalidTableException.class)
                .satisfies(e -> assertThat(((InvalidTableException) e).problems())
                        .extracting(Problem::path)
                        .containsExactlyInAnyOrder(
                                "apps[0].routing.rules[0].cidrs[1]",
                                "apps[0].routing.rules[1].percent",
                                "apps[0].routing.rules[2].group"));
        assertThat(gateway.versionInForce()).isEqualTo(before);
    }

    @Test
    void groupCountersReachTheAdminApiAndPrometheus() throws Exception {
        put(GrayRouting.to("blue", new HeaderRule("X-Nonstop-Group", "green", "green")));
        for (int i = 0; i < 30; i++) {
            send("X-Nonstop-Group", "green", "Cookie", "JSESSIONID=u" + i);
        }
        for (int i = 0; i < 12; i++) {
            send();
        }
        GatewayAdminClient client = adminClient();
        List<GroupCounters> counters = client.groupStats("shop");
        assertThat(counters.get(1).requests()).isEqualTo(30);
        assertThat(counters.get(0).requests()).isEqualTo(12);
        assertThat(counters.get(0).failures()).isZero();
        assertThat(counters.get(1).latency().quantile(0.99)).isPositive();
        // No percent key: users are client addresses, and every request here came from 127.0.0.1.
        assertThat(counters.get(1).activeUsers()).isEqualTo(1);
        assertThatThrownBy(() -> client.groupStats("nope"))
                .isInstanceOf(dev.nonstop.gateway.contract.client.GatewayNotFoundException.class);
        assertThatThrownBy(() -> GatewayAdminClient.of(client.base(), "wrong-token-0123456789")
                        .groupStats("shop"))
                .isInstanceOf(dev.nonstop.gateway.contract.client.GatewayUnauthorizedException.class);
        String metrics = gateway.stats().scrape();
        assertThat(metrics).contains("nonstop_gateway_group_requests_total{app=\"shop\",group=\"green\"} 30.0");
        assertThat(metrics).contains("nonstop_gateway_group_latency_seconds_count{app=\"shop\",group=\"green\"} 30");
    }

    @Test
    void activeUsersAreCountedByThePercentKey() throws Exception {
        put(percent(100));
        forUsers(500, u -> unchecked("Cookie", "JSESSIONID=active-" + u));
        long active = adminClient().groupStats("shop").get(1).activeUsers();
        assertThat(active).isBetween(450L, 550L);
    }

    private GatewayAdminClient adminClient() {
        return GatewayAdminClient.of(
                URI.create("http://127.0.0.1:" + admin.address().getPort()), TOKEN);
    }
}
