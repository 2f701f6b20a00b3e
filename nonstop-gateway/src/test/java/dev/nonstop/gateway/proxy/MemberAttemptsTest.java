package dev.nonstop.gateway.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nonstop.gateway.balancing.Balancer;
import dev.nonstop.gateway.balancing.MemberHandle;
import dev.nonstop.gateway.contract.App;
import dev.nonstop.gateway.contract.Member;
import dev.nonstop.gateway.contract.MemberState;
import dev.nonstop.gateway.stats.GatewayStats;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The retry policy of an exchange, in memory: which member a request goes to and when it is sent again. */
class MemberAttemptsTest {
    private final GatewayStats stats = new GatewayStats();

    private AppRuntime app(int members) {
        List<Member> list = new ArrayList<>();
        for (int i = 0; i < members; i++) {
            list.add(new Member("m" + i, "127.0.0.1", 1000 + i, 1, MemberState.ACTIVE));
        }
        App app = App.of("app", list.toArray(Member[]::new));
        List<MemberHandle> handles = new ArrayList<>();
        Map<String, MemberHandle> byId = new LinkedHashMap<>();
        for (Member m : list) {
            MemberHandle handle = new MemberHandle(
                    m, stats.member(m.id(), "app"), InetSocketAddress.createUnresolved(m.host(), m.port()));
            handles.add(handle);
            byId.put(m.id(), handle);
        }
        return new AppRuntime(app, Balancer.of(app, handles), handles, byId);
    }

    @Test
    void theFirstMemberIsThePinnedOneWhileItTakesPinnedRequests() {
        AppRuntime app = app(3);
        assertThat(new MemberAttempts(app, "m2", true).first().id()).isEqualTo("m2");

        app.membersById().get("m2").stats().markHealthy(false);
        assertThat(new MemberAttempts(app, "m2", true).first().id()).isNotEqualTo("m2");
    }

    @Test
    void everyMemberThatFailedIsLeftOutUntilNoneIsLeft() {
        AppRuntime app = app(3);
        MemberAttempts attempts = new MemberAttempts(app, null, false);
        Set<String> seen = new HashSet<>();
        MemberHandle member = attempts.first();
        while (member != null) {
            assertThat(seen.add(member.id()))
                    .as("offered twice: %s", member.id())
                    .isTrue();
            member = attempts.next(member);
        }
        assertThat(seen).containsExactlyInAnyOrder("m0", "m1", "m2");
    }

    @Test
    void atMostTenMembersAreTried() {
        MemberAttempts attempts = new MemberAttempts(app(20), null, false);
        int tried = 0;
        for (MemberHandle member = attempts.first(); member != null; member = attempts.next(member)) {
            tried++;
        }
        assertThat(tried).isEqualTo(MemberAttempts.MAX_MEMBERS_TRIED);
    }

    @Test
    void aMemberIsEjectedAfterTheAppsLimitOfConsecutiveConnectFailures() {
        AppRuntime app = app(2);
        MemberHandle m0 = app.membersById().get("m0");
        MemberAttempts attempts = new MemberAttempts(app, null, false);
        for (int i = 1; i < App.DEFAULT_EJECT_AFTER; i++) {
            attempts.connectFailed(m0, "refused");
            assertThat(m0.stats().healthy()).isTrue();
        }
        attempts.connectFailed(m0, "refused");
        assertThat(m0.stats().healthy()).isFalse();
    }

    @Test
    void onlyAnIdempotentCompleteRequestWithoutBodyIsSentAgainAfterItsHeadWasWritten() {
        AppRuntime app = app(2);
        assertThat(new MemberAttempts(app, null, false).sendsAgainAfterWrite(true, 0))
                .isFalse();
        assertThat(new MemberAttempts(app, null, true).sendsAgainAfterWrite(true, 5))
                .isFalse();
        assertThat(new MemberAttempts(app, null, true).sendsAgainAfterWrite(false, 0))
                .isFalse();

        MemberAttempts get = new MemberAttempts(app, null, true);
        assertThat(get.sendsAgainAfterWrite(true, 0)).isTrue();
        get.sentAgainAfterWrite();
        assertThat(get.sendsAgainAfterWrite(true, 0)).as("only once").isFalse();
    }

    @Test
    void aRequestThatWouldNotBeSentAgainGetsOnlyProbedConnections() {
        AppRuntime app = app(2);
        assertThat(new MemberAttempts(app, null, false).probe(true, 0)).isTrue();
        assertThat(new MemberAttempts(app, null, true).probe(true, 0)).isFalse();
        assertThat(new MemberAttempts(app, null, true).probe(true, 1)).isTrue();
    }

    @Test
    void anUnprobedConnectionThatClosesBeforeAnyResponseByteIsRetriedOnceOnANewConnection() {
        MemberAttempts attempts = new MemberAttempts(app(2), null, true);
        attempts.connection(true);
        assertThat(attempts.retryOnNewConnection(new IOException("reset"), true))
                .as("after a response byte")
                .isFalse();
        assertThat(attempts.retryOnNewConnection(new IllegalStateException(), false))
                .as("not an I/O failure")
                .isFalse();

        assertThat(attempts.retryOnNewConnection(null, false)).isTrue();
        // Every connection is probed from now on, and there is no second retry on a new connection.
        assertThat(attempts.probe(true, 0)).isTrue();
        attempts.connection(false);
        assertThat(attempts.retryOnNewConnection(null, false)).isFalse();
    }

    @Test
    void aRetryOnANewConnectionLeavesTheRetryAfterAWriteForAnotherMember() {
        AppRuntime app = app(2);
        MemberAttempts attempts = new MemberAttempts(app, "m0", true);
        MemberHandle m0 = attempts.first();
        attempts.connection(true);
        assertThat(attempts.retryOnNewConnection(new IOException("reset"), false))
                .isTrue();

        // The dying member reset the new connection too, after the head was written.
        attempts.connection(false);
        assertThat(attempts.retryOnNewConnection(new IOException("reset"), false))
                .isFalse();
        assertThat(attempts.sendsAgainAfterWrite(true, 0)).isTrue();
        attempts.sentAgainAfterWrite();
        assertThat(attempts.next(m0).id()).isEqualTo("m1");
        assertThat(attempts.sendsAgainAfterWrite(true, 0)).as("and only once").isFalse();
    }

    @Test
    void aProbedConnectionIsNotRetriedOnANewOne() {
        MemberAttempts attempts = new MemberAttempts(app(2), null, true);
        attempts.connection(false);
        assertThat(attempts.retryOnNewConnection(null, false)).isFalse();
        assertThat(attempts.sendsAgainAfterWrite(true, 0)).isTrue();
    }
}
