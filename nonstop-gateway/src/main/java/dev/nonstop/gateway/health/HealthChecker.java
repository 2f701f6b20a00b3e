package dev.nonstop.gateway.health;

import dev.nonstop.gateway.contract.App;
import dev.nonstop.gateway.contract.HealthCheck;
import dev.nonstop.gateway.contract.Member;
import dev.nonstop.gateway.contract.RoutingTable;
import dev.nonstop.gateway.stats.GatewayStats;
import dev.nonstop.gateway.stats.MemberStats;
import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Active health checks of every member, on one event loop. A member goes down after {@code fall}
 * failed checks in a row and comes back after {@code rise} passed ones. A member ejected by the
 * proxy (consecutive connect failures) comes back only through a check: the app's HTTP check when
 * it has one, a TCP connect every {@link #EJECTED_PROBE_INTERVAL} otherwise.
 */
public final class HealthChecker implements AutoCloseable {
    static final Duration EJECTED_PROBE_INTERVAL = Duration.ofSeconds(1);
    private static final Duration TICK = Duration.ofMillis(100);
    private static final Logger LOG = LoggerFactory.getLogger(HealthChecker.class);

    private final EventLoop loop;
    private final Class<? extends Channel> channelType;
    private final Supplier<RoutingTable> table;
    private final GatewayStats stats;
    private final Function<String, InetSocketAddress> addresses;
    private final Map<String, MemberCheckState> states = new HashMap<>();
    private ScheduledFuture<?> ticker;

    /**
     * @param addresses a member's address by id, resolved off the event loops (see the proxy's
     *     compiled table), or {@code null} for a member not in force yet
     */
    public HealthChecker(
            EventLoop loop,
            Class<? extends Channel> channelType,
            Supplier<RoutingTable> table,
            GatewayStats stats,
            Function<String, InetSocketAddress> addresses) {
        this.loop = loop;
        this.addresses = addresses;
        this.channelType = channelType;
        this.table = table;
        this.stats = stats;
    }

    public void start() {
        ticker = loop.scheduleWithFixedDelay(this::tick, 0, TICK.toNanos(), TimeUnit.NANOSECONDS);
    }

    private void tick() {
        long now = System.nanoTime();
        Map<String, MemberCheckState> seen = new HashMap<>();
        for (App app : table.get().apps()) {
            HealthCheck check = app.healthCheck();
            app.members().forEach(member -> {
                MemberStats memberStats = stats.member(member.id(), app.name());
                MemberCheckState state = states.computeIfAbsent(member.id(), id -> new MemberCheckState());
                seen.put(member.id(), state);
                if (state.inProgress || now < state.nextAt) {
                    return;
                }
                if (check != null) {
                    probe(member, memberStats, state, check.path(), check.timeout(), check.rise(), check.fall());
                    state.nextAt = now + check.interval().toNanos();
                } else if (!memberStats.healthy()) {
                    probe(member, memberStats, state, null, Duration.ofSeconds(1), 1, 1);
                    state.nextAt = now + EJECTED_PROBE_INTERVAL.toNanos();
                }
            });
        }
        states.keySet().retainAll(seen.keySet());
    }

    private void probe(
            Member member,
            MemberStats memberStats,
            MemberCheckState state,
            String path,
            Duration timeout,
            int rise,
            int fall) {
        InetSocketAddress address = addresses.apply(member.id());
        if (address == null) {
            return;
        }
        state.inProgress = true;
        HealthProbe.run(loop, channelType, address, member.address(), path, timeout)
                .addListener(f -> {
                    state.inProgress = false;
                    boolean passed = Boolean.TRUE.equals(f.getNow());
                    state.record(passed);
                    if (passed && !memberStats.healthy() && state.successes >= rise) {
                        memberStats.markHealthy(true);
                        LOG.info("member {} is up ({} checks passed)", member.id(), state.successes);
                    } else if (!passed && memberStats.healthy() && state.failures >= fall) {
                        memberStats.markHealthy(false);
                        LOG.warn("member {} is down ({} checks failed)", member.id(), state.failures);
                    }
                });
    }

    @Override
    public void close() {
        if (ticker != null) {
            ticker.cancel(false);
        }
    }

    /** Consecutive outcomes of one member's checks; touched only on the checker's loop. */
    private static final class MemberCheckState {
        long nextAt;
        boolean inProgress;
        int successes;
        int failures;

        void record(boolean passed) {
            if (passed) {
                successes++;
                failures = 0;
            } else {
                failures++;
                successes = 0;
            }
        }
    }
}
