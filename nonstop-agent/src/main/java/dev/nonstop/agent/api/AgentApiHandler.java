package dev.nonstop.agent.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.nonstop.agent.Agent;
import dev.nonstop.agent.Caller;
import dev.nonstop.agent.contract.AgentApi;
import dev.nonstop.agent.contract.AgentErrors;
import dev.nonstop.agent.contract.AgentJson;
import dev.nonstop.agent.contract.Fence;
import dev.nonstop.agent.contract.InstallResult;
import dev.nonstop.agent.contract.InstanceSpec;
import dev.nonstop.agent.contract.InvalidInputException;
import dev.nonstop.agent.contract.Problem;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Supplier;

/**
 * Serves the agent's endpoints (see {@link AgentServer}). The work (copying artifacts, waiting for a
 * process to stop) blocks, so it runs on {@code worker}, never on the event loop; the connection
 * stops reading until the response is written, so pipelined requests are answered in order. Sits
 * last, after the body aggregator: every request here is authenticated, and its caller is the
 * token's owner, the controller.
 */
final class AgentApiHandler extends ChannelInboundHandlerAdapter {
    static final String RELEASE_HEADER = "X-Nonstop-Release";
    static final String FENCING_TOKEN_HEADER = "X-Nonstop-Fencing-Token";
    static final String CHECKSUM_HEADER = "X-Checksum-Sha256";
    static final String TOKEN_OWNER = "controller";

    private final Agent agent;
    private final Executor worker;

    AgentApiHandler(Agent agent, Executor worker) {
        this.agent = agent;
        this.worker = worker;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof FullHttpRequest request)) {
            ctx.fireChannelRead(msg);
            return;
        }
        ctx.channel().config().setAutoRead(false);
        try {
            worker.execute(() -> serve(ctx, request));
        } catch (RejectedExecutionException closing) {
            request.release();
            ctx.writeAndFlush(AgentResponses.closing(AgentResponses.error(
                            HttpResponseStatus.SERVICE_UNAVAILABLE, AgentErrors.UNAVAILABLE, "agent API is closing")))
                    .addListener(ChannelFutureListener.CLOSE);
        }
    }

    /** On a worker thread: answers {@code request}, then lets the connection read the next one. */
    private void serve(ChannelHandlerContext ctx, FullHttpRequest request) {
        FullHttpResponse response;
        try {
            response = handle(request);
        } catch (RuntimeException e) {
            response = AgentRefusals.toResponse(e);
        } finally {
            request.release();
        }
        ctx.writeAndFlush(response).addListener(f -> ctx.channel().config().setAutoRead(true));
    }

    private FullHttpResponse handle(FullHttpRequest request) {
        if (request.decoderResult().isFailure()) {
            return AgentResponses.error(HttpResponseStatus.BAD_REQUEST, "malformed", "malformed HTTP request");
        }
        String path = new QueryStringDecoder(request.uri()).rawPath();
        List<String> s = segments(path);
        HttpMethod method = request.method();
        if (s.size() < 2 || !s.get(0).equals("agent")) {
            return notFound(path);
        }
        if (s.get(1).equals("apps")) {
            if (s.size() == 2) {
                return only(
                        method,
                        HttpMethod.GET,
                        () -> AgentResponses.json(HttpResponseStatus.OK, AgentJson.apps(agent.apps())));
            }
            if (s.size() == 5 && s.get(3).equals("versions")) {
                return only(method, HttpMethod.PUT, () -> install(request, s.get(2), s.get(4)));
            }
        }
        if (s.size() == 2 && s.get(1).equals("free-port")) {
            return only(
                    method,
                    HttpMethod.GET,
                    () -> AgentResponses.json(HttpResponseStatus.OK, Map.of("port", agent.freePort())));
        }
        if (s.get(1).equals("instances")) {
            if (s.size() == 2) {
                if (method.equals(HttpMethod.GET)) {
                    return AgentResponses.json(HttpResponseStatus.OK, AgentJson.instances(agent.instances()));
                }
                return only(method, HttpMethod.POST, () -> start(request));
            }
            if (s.size() == 3) {
                return only(
                        method,
                        HttpMethod.GET,
                        () -> AgentResponses.json(HttpResponseStatus.OK, AgentJson.status(agent.status(s.get(2)))));
            }
            if (s.size() == 4 && s.get(3).equals("stop")) {
                return only(method, HttpMethod.POST, () -> stop(request, s.get(2)));
            }
        }
        return notFound(path);
    }

    private FullHttpResponse install(FullHttpRequest request, String app, String version) {
        String what = "install " + app + " " + version;
        AgentApi api = agent.as(caller(request, what));
        Path upload = null;
        try {
            Path dir = Files.createDirectories(
                    agent.settings().dataDir().toAbsolutePath().resolve("uploads"));
            upload = Files.createTempFile(dir, "upload-", ".jar");
            try (OutputStream out = Files.newOutputStream(upload)) {
                request.content()
                        .getBytes(
                                request.content().readerIndex(),
                                out,
                                request.content().readableBytes());
            }
            InstallResult result =
                    api.install(app, version, upload, request.headers().get(CHECKSUM_HEADER));
            return AgentResponses.json(
                    result.installed() ? HttpResponseStatus.CREATED : HttpResponseStatus.OK,
                    AgentJson.installResult(result));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot store the upload: " + e.getMessage(), e);
        } finally {
            if (upload != null) {
                try {
                    Files.deleteIfExists(upload);
                } catch (IOException ignored) {
                    // A leftover temp file in uploads/ is harmless.
                }
            }
        }
    }

    private FullHttpResponse start(FullHttpRequest request) {
        String what = "start (invalid request)";
        Caller caller = caller(request, what);
        InstanceSpec spec = beforeTheAgent(
                caller, what, () -> AgentJson.toSpec(AgentJson.parse(ByteBufUtil.getBytes(request.content()))));
        return AgentResponses.json(
                HttpResponseStatus.CREATED, AgentJson.status(agent.as(caller).start(spec)));
    }

    private FullHttpResponse stop(FullHttpRequest request, String instanceId) {
        String what = "stop " + instanceId;
        Caller caller = caller(request, what);
        Duration timeout = beforeTheAgent(caller, what, () -> stopTimeout(request));
        return AgentResponses.json(
                HttpResponseStatus.OK, AgentJson.stopResult(agent.as(caller).stop(instanceId, timeout)));
    }

    private Duration stopTimeout(FullHttpRequest request) {
        Duration timeout = agent.settings().defaultStopTimeout();
        if (request.content().isReadable()) {
            JsonNode body = AgentJson.parse(ByteBufUtil.getBytes(request.content()));
            JsonNode ms = body.get("timeoutMs");
            if (ms != null && !ms.isNull()) {
                if (!ms.isIntegralNumber() || ms.asLong() < 0 || !ms.canConvertToLong()) {
                    throw new InvalidInputException(Problem.of("timeoutMs", ms, "milliseconds, >= 0"));
                }
                timeout = Duration.ofMillis(ms.asLong());
            }
        }
        return timeout;
    }

    /**
     * Runs {@code parse}, the part of a mutation that happens before the agent sees it; a refusal
     * there is audited here (the agent audits its own).
     */
    private <T> T beforeTheAgent(Caller caller, String what, Supplier<T> parse) {
        try {
            return parse.get();
        } catch (InvalidInputException e) {
            agent.auditRefusal(caller, what, e);
            throw e;
        }
    }

    /** The caller of a mutation; malformed fencing headers are a refusal, audited as one. */
    private Caller caller(FullHttpRequest request, String what) {
        Caller unfenced = new Caller(TOKEN_OWNER, Optional.empty());
        return beforeTheAgent(unfenced, what, () -> caller(request));
    }

    /** The token's owner, with the fence of the request's headers: both headers or neither. */
    static Caller caller(FullHttpRequest request) {
        String release = request.headers().get(RELEASE_HEADER);
        String token = request.headers().get(FENCING_TOKEN_HEADER);
        if (release == null && token == null) {
            return new Caller(TOKEN_OWNER, Optional.empty());
        }
        List<Problem> problems = new ArrayList<>();
        if (release == null || release.isBlank()) {
            problems.add(Problem.of(RELEASE_HEADER, release, "a release id along with " + FENCING_TOKEN_HEADER));
        }
        long value = 0;
        try {
            value = Long.parseLong(token == null ? "" : token.strip());
        } catch (NumberFormatException e) {
            problems.add(Problem.of(FENCING_TOKEN_HEADER, token, "an integer along with " + RELEASE_HEADER));
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        return new Caller(TOKEN_OWNER, Optional.of(new Fence(release.strip(), value)));
    }

    private static List<String> segments(String path) {
        List<String> result = new ArrayList<>();
        for (String part : path.split("/")) {
            if (!part.isEmpty()) {
                result.add(QueryStringDecoder.decodeComponent(part));
            }
        }
        return result;
    }

    private static FullHttpResponse only(HttpMethod actual, HttpMethod allowed, Supplier<FullHttpResponse> action) {
        if (!actual.equals(allowed)) {
            FullHttpResponse response = AgentResponses.error(
                    HttpResponseStatus.METHOD_NOT_ALLOWED,
                    "method_not_allowed",
                    "method " + actual + " (expected: " + allowed + ")");
            response.headers().set(HttpHeaderNames.ALLOW, allowed.name());
            return response;
        }
        return action.get();
    }

    private static FullHttpResponse notFound(String path) {
        return AgentResponses.error(HttpResponseStatus.NOT_FOUND, "not_found", "no such endpoint: " + path);
    }
}
