package dev.nonstop.gateway.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nonstop.gateway.contract.App;
import dev.nonstop.gateway.contract.Balancing;
import dev.nonstop.gateway.contract.CookieRule;
import dev.nonstop.gateway.contract.GrayRouting;
import dev.nonstop.gateway.contract.Group;
import dev.nonstop.gateway.contract.HeaderRule;
import dev.nonstop.gateway.contract.Member;
import dev.nonstop.gateway.contract.NetworkRule;
import dev.nonstop.gateway.contract.PercentKey;
import dev.nonstop.gateway.contract.PercentRule;
import dev.nonstop.gateway.contract.PinCookie;
import dev.nonstop.gateway.contract.Route;
import dev.nonstop.gateway.contract.RoutingTable;
import dev.nonstop.gateway.contract.UserBucket;
import dev.nonstop.gateway.http.RequestHead;
import dev.nonstop.gateway.stats.GatewayStats;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class GroupRouterTest {
    private static final GroupRouter.ClientAddress PEER_127 = new GroupRouter.ClientAddress() {
        @Override
        public byte[] clientIpBytes() {
            return "127.0.0.1".getBytes(StandardCharsets.US_ASCII);
        }

        @Override
        public byte[] peerAddress() {
            return new byte[] {127, 0, 0, 1};
        }
    };

    private static GroupRouter router(GrayRouting routing) {
        App app = new App(
                        "shop",
                        List.of(
                                new Group("blue", "1", List.of(Member.active("b1", "127.0.0.1", 1))),
                                new Group("green", "2", List.of(Member.active("g1", "127.0.0.1", 2)))),
                        Balancing.ROUND_ROBIN,
                        null,
                        null,
                        3)
                .withRouting(routing);
        CompiledTable table = CompiledTable.compile(
                new RoutingTable(1, List.of(Route.any("shop")), List.of(app)), new GatewayStats());
        return table.apps().get("shop").router();
    }

    private static RequestHead head(String... fields) {
        StringBuilder s = new StringBuilder("GET /x HTTP/1.1\r\nHost: shop\r\n");
        for (String f : fields) {
            s.append(f).append("\r\n");
        }
        s.append("\r\n");
        return RequestHead.parse(s.toString().getBytes(StandardCharsets.ISO_8859_1), 8192);
    }

    private static final GrayRouting FIVE_RULES = new GrayRouting(
            "blue",
            List.of(
                    new HeaderRule("X-Nonstop-Group", "green", "green"),
                    new CookieRule("beta", "1", "green"),
                    new NetworkRule(List.of("10.0.0.0/8", "fd00::/8"), "green"),
                    new PercentRule(25, PercentKey.cookie("JSESSIONID"), "green")),
            PinCookie.defaults(),
            0);

    @Test
    void explicitRulesComeBeforeThePinAndThePinBeforePercentRules() {
        GroupRouter router = router(FIVE_RULES);

        GroupChoice byHeader = router.route(head("x-nonstop-group: green", "Cookie: NONSTOP_GROUP=blue"), PEER_127);
        assertThat(byHeader.group.name).isEqualTo("green");
        assertThat(byHeader.pinWanted).isFalse();

        GroupChoice byPin = router.route(head("Cookie: JSESSIONID=x; NONSTOP_GROUP=green"), PEER_127);
        assertThat(byPin.group.name).isEqualTo("green");
        assertThat(byPin.pinWanted).isFalse();
        assertThat(byPin.pinnedIndex).isEqualTo(1);

        GroupChoice unknownPin = router.route(head("Cookie: NONSTOP_GROUP=purple"), PEER_127);
        assertThat(unknownPin.pinnedIndex).isEqualTo(-1);
        assertThat(unknownPin.pinWanted).isTrue();
    }

    @Test
    void percentRulesUseTheStableBucketOfTheKey() {
        GroupRouter router = router(FIVE_RULES);
        int green = 0;
        for (int u = 0; u < 4_000; u++) {
            String session = "session-" + u;
            GroupChoice c = router.route(head("Cookie: a=b; JSESSIONID=\"" + session + "\""), PEER_127);
            boolean expected = UserBucket.of(session) < 2_500;
            assertThat(c.group.name).isEqualTo(expected ? "green" : "blue");
            assertThat(c.pinWanted).isTrue();
            green += expected ? 1 : 0;
        }
        assertThat(green).isBetween(880, 1_120);
    }

    @Test
    void aNetworkRuleMatchesThePeerWithoutTrustedHops() {
        GroupRouter tenNet = router(GrayRouting.to("blue", new NetworkRule(List.of("127.0.0.0/31"), "green")));
        assertThat(tenNet.route(head("X-Forwarded-For: 9.9.9.9"), PEER_127).group.name)
                .isEqualTo("green");
    }

    @Test
    void choosingAGroupAllocatesNoMoreThanItsChoice() {
        GroupRouter router = router(FIVE_RULES);
        RequestHead request = head(
                "User-Agent: bench",
                "Accept: */*",
                "X-Forwarded-For: 192.168.1.1",
                "Cookie: theme=dark; JSESSIONID=abcdef0123456789; lang=en");
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long id = Thread.currentThread().threadId();
        int sink = 0;
        for (int i = 0; i < 200_000; i++) {
            sink += router.route(request, PEER_127).userHash & 1;
        }
        int rounds = 100_000;
        long before = threads.getThreadAllocatedBytes(id);
        for (int i = 0; i < rounds; i++) {
            sink += router.route(request, PEER_127).userHash & 1;
        }
        long perRoute = (threads.getThreadAllocatedBytes(id) - before) / rounds;
        assertThat(perRoute).as("bytes allocated per route (sink %d)", sink).isLessThanOrEqualTo(48);
    }
}
