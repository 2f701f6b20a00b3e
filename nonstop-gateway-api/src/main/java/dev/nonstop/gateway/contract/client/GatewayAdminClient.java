package dev.nonstop.gateway.contract.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nonstop.common.config.ConfigException;
import dev.nonstop.common.fencing.Fence;
import dev.nonstop.gateway.contract.MemberState;
import dev.nonstop.gateway.contract.RoutingTable;
import dev.nonstop.gateway.contract.TableJson;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One gateway's admin API, in the routing table's own types. Immutable; {@link #fencedBy} derives a client whose mutations carry a release's fencing
 * headers ({@code X-Nonstop-Release}, {@code X-Nonstop-Fencing-Token}). A {@code 200} to a mutation means the new
 * table version is in force on that gateway.
 *
 * <pre>{@code
 * GatewayAdminClient gateway = GatewayAdminClient.of(URI.create("http://127.0.0.1:9901"), token)
 *         .fencedBy(release.id(), fence.fencingToken());
 * long version = gateway.setMemberState("shop-1", MemberState.DRAINING, Duration.ofSeconds(30));
 *
 * RoutingTable table = gateway.table();
 * gateway.replaceTable(edited(table), table.version()); // TableVersionConflictException when it moved on
 * }</pre>
 *
 * <p>Errors: {@link GatewayUnauthorizedException} (401), {@link GatewayNotFoundException} (404), {@link
 * GatewayFencedOutException} (409, stale token), {@link TableVersionConflictException} (409, stale {@code
 * If-Match}), {@link GatewayAdminException} for anything else, including no answer within the timeout.
 */
public final class GatewayAdminClient {
    /** How long one call may take when not told otherwise. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);

    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI base;
    private final String token;
    private final Duration timeout;
    private final HttpClient http;
    private final Optional<String> releaseId;
    private final long fencingToken;

    private GatewayAdminClient(
            URI base, String token, Duration timeout, HttpClient http, Optional<String> releaseId, long fencingToken) {
        this.base = base;
        this.token = token;
        this.timeout = timeout;
        this.http = http;
        this.releaseId = releaseId;
        this.fencingToken = fencingToken;
    }

    /** A client of the admin API at {@code base} (e.g. {@code http://127.0.0.1:9901}) with the default timeout. */
    public static GatewayAdminClient of(URI base, String token) {
        return of(base, token, DEFAULT_TIMEOUT);
    }

    /**
     * @param timeout the longest one call may take, connect included
     * @throws IllegalArgumentException naming a bad argument
     */
    public static GatewayAdminClient of(URI base, String token, Duration timeout) {
        Objects.requireNonNull(base, "base");
        Objects.requireNonNull(token, "token");
        if (timeout == null || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout: " + timeout + " (expected: > 0)");
        }
        HttpClient http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(timeout)
                .build();
        String b = base.toString();
        URI normalized = URI.create(b.endsWith("/") ? b.substring(0, b.length() - 1) : b);
        return new GatewayAdminClient(normalized, token, timeout, http, Optional.empty(), 0);
    }

    /** This client, its mutations fenced for {@code releaseId} with {@code fencingToken}. */
    public GatewayAdminClient fencedBy(String releaseId, long fencingToken) {
        return new GatewayAdminClient(
                base, token, timeout, http, Optional.of(Objects.requireNonNull(releaseId, "releaseId")), fencingToken);
    }

    /** The admin API's base address. */
    public URI base() {
        return base;
    }

    /**
     * Sets a member's state.
     *
     * @param drainDeadline when the gateway closes exchanges still open to a member taken out; null for none
     * @return the table version now in force on this gateway
     * @throws GatewayNotFoundException when the member is not in the table
     */
    public long setMemberState(String memberId, MemberState state, Duration drainDeadline) {
        Objects.requireNonNull(state, "state");
        ObjectNode body = JSON.createObjectNode().put("state", state.name());
        if (drainDeadline != null) {
            body.put("drainDeadline", Math.max(1, drainDeadline.toMillis()) + "ms");
        }
        return send("PUT", "/admin/members/" + memberId + "/state", body, null)
                .path("version")
                .asLong();
    }

    /** Sets a member's weight (0-10000); returns the table version now in force. */
    public long setMemberWeight(String memberId, int weight) {
        ObjectNode body = JSON.createObjectNode().put("weight", weight);
        return send("PUT", "/admin/members/" + memberId + "/weight", body, null)
                .path("version")
                .asLong();
    }

    /**
     * The table in force, with the version it is in force under.
     *
     * @throws GatewayAdminException when the answer is not a table (every problem named)
     */
    public RoutingTable table() {
        String source = base + "/admin/table";
        JsonNode tree = send("GET", "/admin/table", null, null);
        if (!tree.isObject() || !tree.path("version").isIntegralNumber()) {
            throw new GatewayAdminException(source + ": not a table with a version: " + tree, 200, null);
        }
        try {
            return TableJson.fromTree(source, tree, 0);
        } catch (ConfigException e) {
            throw new GatewayAdminException(e.getMessage(), 200, e);
        }
    }

    /** The version of the table in force. */
    public long version() {
        return send("GET", "/admin/version", null, null).path("version").asLong();
    }

    /**
     * Replaces the whole table if {@code expectedVersion} is still in force ({@code If-Match}); the gateway gives the
     * new table the next version, so {@code table}'s own version is not sent.
     *
     * @return the new version, in force on this gateway
     * @throws TableVersionConflictException when another version is in force
     */
    public long replaceTable(RoutingTable table, long expectedVersion) {
        ObjectNode body = TableJson.toTree(table);
        body.remove("version");
        return send("PUT", "/admin/table", body, "\"" + expectedVersion + "\"")
                .path("version")
                .asLong();
    }

    /**
     * One member's counters on this gateway.
     *
     * @throws GatewayNotFoundException when the member is not in the table
     */
    public MemberCounters memberStats(String memberId) {
        JsonNode s = send("GET", "/admin/stats/" + memberId, null, null);
        return new MemberCounters(
                s.path("member").asText(memberId),
                s.path("inFlight").asInt(),
                s.path("requests").asLong(),
                s.path("responses5xx").asLong(),
                s.path("errors").asLong(),
                s.path("upgradedConnections").asInt());
    }

    /**
     * The counters of every group of {@code app} on this gateway, in the table's group order
     * ({@code GET /admin/stats/apps/{app}/groups}).
     *
     * @throws GatewayNotFoundException when the app is not in the table
     * @throws GatewayAdminException when the answer is not a list of group counters
     */
    public List<GroupCounters> groupStats(String app) {
        Objects.requireNonNull(app, "app");
        String path = "/admin/stats/apps/" + URLEncoder.encode(app, StandardCharsets.UTF_8) + "/groups";
        JsonNode tree = send("GET", path, null, null);
        return parseGroupStats(base + path, tree);
    }

    /**
     * The body of {@code GET /admin/stats/apps/{app}/groups}: {@code {app, tableVersion, groups: [{group,
     * version, requests, responses5xx, errors, latency: {boundsNanos, counts}, usersPinned, activeUsers}]}}.
     */
    public static ObjectNode groupStatsTree(String app, long tableVersion, List<GroupCounters> groups) {
        ObjectNode root = JSON.createObjectNode();
        root.put("app", app);
        root.put("tableVersion", tableVersion);
        var list = root.putArray("groups");
        for (GroupCounters c : groups) {
            ObjectNode g = list.addObject();
            g.put("group", c.group());
            if (c.version() == null) {
                g.putNull("version");
            } else {
                g.put("version", c.version());
            }
            g.put("requests", c.requests());
            g.put("responses5xx", c.responses5xx());
            g.put("errors", c.errors());
            ObjectNode latency = g.putObject("latency");
            var bounds = latency.putArray("boundsNanos");
            LatencyHistogram.BOUNDS.forEach(b -> bounds.add(b.toNanos()));
            var counts = latency.putArray("counts");
            for (long n : c.latency().counts()) {
                counts.add(n);
            }
            latency.put("p50Millis", c.latency().quantile(0.5).toNanos() / 1e6);
            latency.put("p99Millis", c.latency().quantile(0.99).toNanos() / 1e6);
            g.put("usersPinned", c.usersPinned());
            g.put("activeUsers", c.activeUsers());
        }
        return root;
    }

    /** Reads the body of {@code GET /admin/stats/apps/{app}/groups} (see {@link #groupStatsTree}). */
    public static List<GroupCounters> parseGroupStats(String source, JsonNode tree) {
        JsonNode groups = tree.path("groups");
        if (!groups.isArray()) {
            throw new GatewayAdminException(source + ": no groups list in " + tree, 200, null);
        }
        List<GroupCounters> out = new ArrayList<>();
        for (JsonNode g : groups) {
            JsonNode latency = g.path("latency");
            JsonNode bounds = latency.path("boundsNanos");
            JsonNode counts = latency.path("counts");
            if (!bounds.isArray() || bounds.size() != LatencyHistogram.BOUNDS.size()) {
                throw new GatewayAdminException(
                        source + ": latency buckets of group " + g.path("group").asText() + " are not "
                                + LatencyHistogram.BOUNDS + " (a gateway of another version?)",
                        200,
                        null);
            }
            for (int i = 0; i < bounds.size(); i++) {
                if (bounds.get(i).asLong() != LatencyHistogram.BOUNDS.get(i).toNanos()) {
                    throw new GatewayAdminException(
                            source + ": latency bucket " + i + " of group "
                                    + g.path("group").asText() + " is "
                                    + bounds.get(i).asLong() + "ns (expected: " + LatencyHistogram.BOUNDS.get(i) + ")",
                            200,
                            null);
                }
            }
            long[] c = new long[LatencyHistogram.SIZE];
            if (!counts.isArray() || counts.size() != c.length) {
                throw new GatewayAdminException(
                        source + ": latency counts of group " + g.path("group").asText() + ": " + counts
                                + " (expected: " + c.length + " counts)",
                        200,
                        null);
            }
            for (int i = 0; i < c.length; i++) {
                c[i] = counts.get(i).asLong();
            }
            JsonNode version = g.get("version");
            out.add(new GroupCounters(
                    g.path("group").asText(),
                    version == null || version.isNull() ? null : version.asText(),
                    g.path("requests").asLong(),
                    g.path("responses5xx").asLong(),
                    g.path("errors").asLong(),
                    LatencyHistogram.of(c),
                    g.path("usersPinned").asLong(),
                    g.path("activeUsers").asLong()));
        }
        return out;
    }

    private JsonNode send(String method, String path, JsonNode body, String ifMatch) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .timeout(timeout)
                .header("Authorization", "Bearer " + token)
                .header("Accept", "application/json");
        if (body != null) {
            request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(body.toString()));
        } else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        if (ifMatch != null) {
            request.header("If-Match", ifMatch);
        }
        if (!method.equals("GET") && releaseId.isPresent()) {
            request.header(Fence.RELEASE_HEADER, releaseId.get())
                    .header(Fence.TOKEN_HEADER, Long.toString(fencingToken));
        }
        String what = method + " " + base + path;
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new GatewayAdminException(what + ": " + e, 0, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GatewayAdminException(what + ": interrupted", 0, e);
        }
        JsonNode tree = parse(response.body());
        int status = response.statusCode();
        if (status == 200) {
            return tree;
        }
        String message = what + ": " + status + " " + tree.path("error").asText(response.body());
        switch (status) {
            case 401 -> throw new GatewayUnauthorizedException(message);
            case 404 -> throw new GatewayNotFoundException(message);
            case 409 -> {
                if (tree.has("version")) {
                    throw new TableVersionConflictException(
                            message, tree.path("version").asLong());
                }
                throw new GatewayFencedOutException(message);
            }
            default -> throw new GatewayAdminException(message, status, null);
        }
    }

    private static JsonNode parse(String body) {
        if (body == null || body.isBlank()) {
            return JSON.createObjectNode();
        }
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            return JSON.createObjectNode().put("error", body);
        }
    }

    @Override
    public String toString() {
        return "GatewayAdminClient[" + base
                + releaseId.map(r -> " fenced by " + r + "/" + fencingToken).orElse("") + "]";
    }
}
