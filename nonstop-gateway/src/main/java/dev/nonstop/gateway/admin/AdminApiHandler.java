package dev.nonstop.gateway.admin;

import static io.netty.handler.codec.http.HttpMethod.GET;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nonstop.common.config.ConfigException;
import dev.nonstop.common.config.ConfigValues;
import dev.nonstop.common.config.FieldReader;
import dev.nonstop.common.config.TreeParser;
import dev.nonstop.common.problem.Problem;
import dev.nonstop.gateway.contract.InvalidTableException;
import dev.nonstop.gateway.contract.Member;
import dev.nonstop.gateway.contract.MemberState;
import dev.nonstop.gateway.contract.RoutingTable;
import dev.nonstop.gateway.contract.TableJson;
import dev.nonstop.gateway.contract.UnknownMemberException;
import dev.nonstop.gateway.fencing.ReleaseFencing;
import dev.nonstop.gateway.routing.VersionConflictException;
import dev.nonstop.gateway.stats.MemberStats;
import dev.nonstop.gateway.stats.MemberStatsSnapshot;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves the admin endpoints (listed on {@link AdminServer}) for requests that passed the token check
 * ({@link dev.nonstop.common.http.BearerAuth}); the last handler of the admin pipeline. Calls are short in-memory operations, so
 * they run on the admin event loop, which no proxy connection shares.
 */
final class AdminApiHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
    private static final Logger log = LoggerFactory.getLogger(AdminApiHandler.class);
    private static final Logger audit = AdminServer.audit;

    private static final String BODY = "request body";
    private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

    private final AdminTarget target;

    AdminApiHandler(AdminTarget target) {
        this.target = target;
    }

    /** A refusal with a status, turned into an error response. */
    private static final class Refusal extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final HttpResponseStatus status;
        final transient List<Problem> problems;
        final String allow;

        Refusal(HttpResponseStatus status, String message, List<Problem> problems, String allow) {
            super(message, null, false, false);
            this.status = status;
            this.problems = problems;
            this.allow = allow;
        }

        Refusal(HttpResponseStatus status, String message) {
            this(status, message, List.of(), null);
        }
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        FullHttpResponse response;
        try {
            checkFencing(request);
            response = route(ctx, request);
        } catch (Refusal r) {
            response = AdminResponses.error(r.status, r.getMessage(), r.problems);
            if (r.allow != null) {
                response.headers().set(HttpHeaderNames.ALLOW, r.allow);
            }
        } catch (ConfigException e) {
            response = AdminResponses.error(HttpResponseStatus.BAD_REQUEST, "invalid " + e.source(), e.problems());
        } catch (InvalidTableException e) {
            response = AdminResponses.error(
                    HttpResponseStatus.BAD_REQUEST, "invalid table; the table in force is unchanged", e.problems());
        } catch (VersionConflictException e) {
            ObjectNode body = AdminResponses.object();
            body.put("error", e.getMessage());
            body.put("version", e.currentVersion());
            response = AdminResponses.json(HttpResponseStatus.CONFLICT, body);
        } catch (UnknownMemberException e) {
            response = AdminResponses.error(HttpResponseStatus.NOT_FOUND, e.getMessage());
        } catch (RuntimeException e) {
            log.error("admin: {} {} failed", request.method(), request.uri(), e);
            response = AdminResponses.error(HttpResponseStatus.INTERNAL_SERVER_ERROR, "internal error: " + e);
        }
        if (!request.method().equals(GET) && !request.method().equals(HttpMethod.HEAD)) {
            audit.info(
                    "actor={} action=\"{} {}\" release={} token={} result={}",
                    ctx.channel().remoteAddress(),
                    request.method(),
                    request.uri(),
                    request.headers().get(ReleaseFencing.RELEASE_HEADER, "-"),
                    request.headers().get(ReleaseFencing.TOKEN_HEADER, "-"),
                    response.status().code());
        }
        ctx.writeAndFlush(response);
    }

    /**
     * A mutation sent for a release carries the sender's fencing token; one lower than the highest
     * seen for that release is refused with 409 before anything changes.
     */
    private void checkFencing(FullHttpRequest request) {
        String release = request.headers().get(ReleaseFencing.RELEASE_HEADER);
        if (release == null || request.method().equals(GET)) {
            return;
        }
        String raw = request.headers().get(ReleaseFencing.TOKEN_HEADER);
        long token;
        try {
            token = Long.parseLong(raw == null ? "" : raw.trim());
        } catch (NumberFormatException e) {
            throw new Refusal(
                    HttpResponseStatus.BAD_REQUEST,
                    "invalid fencing token",
                    List.of(Problem.of(
                            ReleaseFencing.TOKEN_HEADER,
                            raw == null ? "(missing)" : raw,
                            "a number, sent with " + ReleaseFencing.RELEASE_HEADER)),
                    null);
        }
        ReleaseFencing.Decision decision = target.fencing().check(release, token);
        if (!decision.accepted()) {
            throw new Refusal(HttpResponseStatus.CONFLICT, decision.describe());
        }
    }

    private FullHttpResponse route(ChannelHandlerContext ctx, FullHttpRequest request) {
        String path = new QueryStringDecoder(request.uri()).path();
        HttpMethod method = request.method();
        if (path.equals("/metrics")) {
            allow(method, "GET");
            return AdminResponses.text(
                    HttpResponseStatus.OK, PROMETHEUS_TEXT, target.stats().scrape());
        }
        if (!path.startsWith("/admin/")) {
            throw new Refusal(HttpResponseStatus.NOT_FOUND, "no such endpoint: " + path);
        }
        String[] parts = path.substring("/admin/".length()).split("/", -1);
        switch (parts[0]) {
            case "table" -> {
                if (parts.length == 1) {
                    allow(method, "GET, PUT");
                    return method.equals(GET) ? getTable() : putTable(ctx, request);
                }
            }
            case "version" -> {
                if (parts.length == 1) {
                    allow(method, "GET");
                    return versionResponse(target.tables().current().version());
                }
            }
            case "stats" -> {
                if (parts.length == 1) {
                    allow(method, "GET");
                    ObjectNode body = AdminResponses.object();
                    body.put("version", target.tables().current().version());
                    body.set("members", AdminResponses.tree(target.stats().snapshot()));
                    return AdminResponses.json(HttpResponseStatus.OK, body);
                }
                if (parts.length == 2 && !parts[1].isEmpty()) {
                    allow(method, "GET");
                    return memberStats(parts[1]);
                }
            }
            case "members" -> {
                if (parts.length == 3 && !parts[1].isEmpty()) {
                    if (parts[2].equals("state")) {
                        allow(method, "PUT");
                        return putState(ctx, parts[1], request);
                    }
                    if (parts[2].equals("weight")) {
                        allow(method, "PUT");
                        return putWeight(ctx, parts[1], request);
                    }
                }
            }
            default -> {}
        }
        throw new Refusal(HttpResponseStatus.NOT_FOUND, "no such endpoint: " + path);
    }

    private static void allow(HttpMethod method, String allowed) {
        if (!List.of(allowed.split(", ")).contains(method.name())) {
            throw new Refusal(
                    HttpResponseStatus.METHOD_NOT_ALLOWED,
                    "method " + method + " (expected: " + allowed.replace(", ", " or ") + ")",
                    List.of(),
                    allowed);
        }
    }

    private FullHttpResponse getTable() {
        RoutingTable table = target.tables().current();
        FullHttpResponse response = AdminResponses.json(HttpResponseStatus.OK, TableJson.toTree(table));
        response.headers().set(HttpHeaderNames.ETAG, "\"" + table.version() + "\"");
        return response;
    }

    /**
     * Replaces the table; the new one gets the next version. The body's {@code version}, when
     * present, is the version the edit was based on (as {@code GET} returned it) and, like {@code
     * If-Match}, must be the version in force: a table edited from a stale copy gets 409 instead of
     * undoing someone else's change. Omit both to replace unconditionally.
     */
    private FullHttpResponse putTable(ChannelHandlerContext ctx, FullHttpRequest request) {
        OptionalLong ifMatch = ifMatch(request);
        JsonNode tree = body(request);
        RoutingTable parsed = TableJson.fromTree(BODY, tree, 0);
        OptionalLong base = tree.hasNonNull("version") ? OptionalLong.of(parsed.version()) : OptionalLong.empty();
        if (ifMatch.isPresent() && base.isPresent() && ifMatch.getAsLong() != base.getAsLong()) {
            throw new Refusal(
                    HttpResponseStatus.BAD_REQUEST,
                    "If-Match and version disagree",
                    List.of(Problem.of("version", base.getAsLong(), "the version in If-Match, " + ifMatch.getAsLong())),
                    null);
        }
        OptionalLong expected = ifMatch.isPresent() ? ifMatch : base;
        RoutingTable next;
        if (expected.isPresent()) {
            next = target.tables().replace(parsed.withVersion(expected.getAsLong() + 1), expected);
        } else {
            next = target.tables().update(old -> parsed.withVersion(old.version() + 1));
        }
        log.info(
                "admin: table version {} in force ({} apps, {} routes), from {}",
                next.version(),
                next.apps().size(),
                next.routes().size(),
                ctx.channel().remoteAddress());
        return versionResponse(next.version());
    }

    private FullHttpResponse putState(ChannelHandlerContext ctx, String memberId, FullHttpRequest request) {
        JsonNode tree = body(request);
        FieldReader reader = new FieldReader();
        MemberState state = null;
        Duration deadline = null;
        if (reader.object(tree, "", List.of("state", "drainDeadline"))) {
            if (FieldReader.field(tree, "state") == null) {
                reader.missing("state", "one of ACTIVE, DRAINING, OUT, STANDBY");
            }
            state = reader.enumValue(tree, "", "state", MemberState.class, null, true);
            deadline = reader.positiveDuration(tree, "", "drainDeadline", null);
        }
        reader.throwIfProblems(BODY);
        RoutingTable table = target.setMemberState(memberId, state, deadline);
        log.info(
                "admin: member {} set {}{}, table version {}, from {}",
                memberId,
                state,
                deadline == null ? "" : " (deadline " + ConfigValues.formatDuration(deadline) + ")",
                table.version(),
                ctx.channel().remoteAddress());
        return memberResponse(table, memberId);
    }

    private FullHttpResponse putWeight(ChannelHandlerContext ctx, String memberId, FullHttpRequest request) {
        JsonNode tree = body(request);
        FieldReader reader = new FieldReader();
        int weight = 0;
        if (reader.object(tree, "", List.of("weight"))) {
            weight = reader.requiredInteger(tree, "", "weight", "0-" + Member.MAX_WEIGHT);
            if (!reader.reportedAt("weight") && (weight < 0 || weight > Member.MAX_WEIGHT)) {
                reader.problem("weight", weight, "0-" + Member.MAX_WEIGHT);
            }
        }
        reader.throwIfProblems(BODY);
        RoutingTable table = target.setMemberWeight(memberId, weight);
        log.info(
                "admin: member {} weight {}, table version {}, from {}",
                memberId,
                weight,
                table.version(),
                ctx.channel().remoteAddress());
        return memberResponse(table, memberId);
    }

    private FullHttpResponse memberStats(String memberId) {
        MemberStats stats = target.stats().find(memberId);
        if (stats != null) {
            return AdminResponses.json(HttpResponseStatus.OK, stats.snapshot());
        }
        if (target.tables().current().member(memberId).isPresent()) {
            // In the table but never used on this gateway yet: all counters are zero.
            return AdminResponses.json(
                    HttpResponseStatus.OK,
                    new MemberStatsSnapshot(memberId, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, true, 0, 0));
        }
        throw new UnknownMemberException(memberId);
    }

    private static FullHttpResponse versionResponse(long version) {
        ObjectNode body = AdminResponses.object();
        body.put("version", version);
        FullHttpResponse response = AdminResponses.json(HttpResponseStatus.OK, body);
        response.headers().set(HttpHeaderNames.ETAG, "\"" + version + "\"");
        return response;
    }

    private static FullHttpResponse memberResponse(RoutingTable table, String memberId) {
        ObjectNode body = AdminResponses.object();
        body.put("version", table.version());
        table.member(memberId).ifPresent(m -> body.set("member", TableJson.memberTree(m)));
        return AdminResponses.json(HttpResponseStatus.OK, body);
    }

    /** {@code If-Match: 7}, {@code "7"} or {@code W/"7"}; {@code *} or absent means no check. */
    private static OptionalLong ifMatch(FullHttpRequest request) {
        String value = request.headers().get(HttpHeaderNames.IF_MATCH);
        if (value == null || value.strip().equals("*")) {
            return OptionalLong.empty();
        }
        String v = value.strip();
        if (v.startsWith("W/")) {
            v = v.substring(2);
        }
        if (v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")) {
            v = v.substring(1, v.length() - 1);
        }
        try {
            return OptionalLong.of(Long.parseLong(v));
        } catch (NumberFormatException e) {
            throw new Refusal(
                    HttpResponseStatus.BAD_REQUEST,
                    "invalid If-Match header",
                    List.of(Problem.of("If-Match", value, "a table version, e.g. 7")),
                    null);
        }
    }

    /** The body as a tree: JSON, or YAML when the content type says so. */
    private static JsonNode body(FullHttpRequest request) {
        String contentType = request.headers().get(HttpHeaderNames.CONTENT_TYPE);
        String mediaType = contentType == null
                ? "application/json"
                : contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        String text = request.content().toString(StandardCharsets.UTF_8);
        if (mediaType.equals("application/json") || mediaType.endsWith("+json")) {
            return TreeParser.json(BODY, text);
        }
        if (mediaType.equals("application/yaml")
                || mediaType.equals("application/x-yaml")
                || mediaType.equals("text/yaml")
                || mediaType.equals("text/x-yaml")) {
            return TreeParser.yaml(BODY, text);
        }
        throw new Refusal(
                HttpResponseStatus.UNSUPPORTED_MEDIA_TYPE,
                "unsupported content type " + contentType + " (expected: application/json or application/yaml)");
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        log.debug("admin: closing connection from {}: {}", ctx.channel().remoteAddress(), cause.toString());
        ctx.close();
    }
}
