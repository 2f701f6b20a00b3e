package dev.nonstop.gateway.stats;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Counters of the whole gateway: one {@link MemberStats} per member id (kept when a member leaves
 * the table, so its in-flight requests stay visible until they finish), and counts of requests the
 * gateway answered itself.
 */
public final class GatewayStats {
    private static final String LATENCY_METRIC = "nonstop_gateway_member_latency_seconds";
    private static final String GROUP_LATENCY_METRIC = "nonstop_gateway_group_latency_seconds";

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final ConcurrentMap<String, MemberStats> members = new ConcurrentHashMap<>();
    /** By app, then group name; kept when a group leaves the table (its counters stay cumulative). */
    private final ConcurrentMap<String, ConcurrentMap<String, GroupStats>> groups = new ConcurrentHashMap<>();

    private final long originNanos = System.nanoTime();
    private final Counter rejected;
    private final Counter noRoute;
    private final Counter noMember;

    public GatewayStats() {
        rejected = Counter.builder("nonstop_gateway_rejected_requests")
                .description("Requests refused as malformed, too large or too slow")
                .register(registry);
        noRoute = Counter.builder("nonstop_gateway_unrouted_requests")
                .description("Requests no route matched (404)")
                .register(registry);
        noMember = Counter.builder("nonstop_gateway_unavailable_requests")
                .description("Requests whose app had no eligible member (503)")
                .register(registry);
        // Latency per member: our own fixed-bucket histograms, read at scrape time.
        registry.getPrometheusRegistry().register(new io.prometheus.metrics.model.registry.Collector() {
            @Override
            public io.prometheus.metrics.model.snapshots.MetricSnapshot collect() {
                var histogram = io.prometheus.metrics.model.snapshots.HistogramSnapshot.builder()
                        .name(LATENCY_METRIC)
                        .help("Time from request head received to response completed");
                members.values().forEach(m -> histogram.dataPoint(m.latencyPoint()));
                return histogram.build();
            }

            @Override
            public String getPrometheusName() {
                return LATENCY_METRIC;
            }
        });
        registry.getPrometheusRegistry().register(new io.prometheus.metrics.model.registry.Collector() {
            @Override
            public io.prometheus.metrics.model.snapshots.MetricSnapshot collect() {
                var histogram = io.prometheus.metrics.model.snapshots.HistogramSnapshot.builder()
                        .name(GROUP_LATENCY_METRIC)
                        .help("Time from request head received to response completed, per group of an app");
                groups.values().forEach(ofApp -> ofApp.values().forEach(g -> histogram.dataPoint(g.latencyPoint())));
                return histogram.build();
            }

            @Override
            public String getPrometheusName() {
                return GROUP_LATENCY_METRIC;
            }
        });
    }

    /** The counters of a group of an app, created on first use; {@code version} is the group's version now. */
    public GroupStats group(String app, String group, String version) {
        ConcurrentMap<String, GroupStats> ofApp = groups.computeIfAbsent(app, a -> new ConcurrentHashMap<>());
        GroupStats stats = ofApp.computeIfAbsent(group, g -> new GroupStats(app, g, version, registry, originNanos));
        stats.version(version);
        return stats;
    }

    /** The counters of a group, or {@code null} if it never existed on this gateway. */
    public GroupStats findGroup(String app, String group) {
        ConcurrentMap<String, GroupStats> ofApp = groups.get(app);
        return ofApp == null ? null : ofApp.get(group);
    }

    public MemberStats member(String memberId, String app) {
        MemberStats stats = members.get(memberId);
        if (stats != null) {
            return stats;
        }
        return members.computeIfAbsent(memberId, id -> new MemberStats(id, app, registry));
    }

    /** Stats of a member, or {@code null} if it never existed on this gateway. */
    public MemberStats find(String memberId) {
        return members.get(memberId);
    }

    public List<MemberStatsSnapshot> snapshot() {
        return members.values().stream()
                .map(MemberStats::snapshot)
                .sorted(Comparator.comparing(MemberStatsSnapshot::member))
                .toList();
    }

    public void rejected() {
        rejected.increment();
    }

    public void noRoute() {
        noRoute.increment();
    }

    public void noMember() {
        noMember.increment();
    }

    public MeterRegistry registry() {
        return registry;
    }

    /** The Prometheus text exposition of every meter. */
    public String scrape() {
        return registry.scrape();
    }
}
