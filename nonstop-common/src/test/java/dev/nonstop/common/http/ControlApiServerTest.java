package dev.nonstop.common.http;

import static dev.nonstop.common.http.EmbeddedHttp.head;
import static dev.nonstop.common.http.EmbeddedHttp.output;
import static dev.nonstop.common.http.EmbeddedHttp.send;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.nonstop.common.audit.RefusedAttempts;
import dev.nonstop.common.problem.Problem;
import dev.nonstop.common.token.BearerToken;
import dev.nonstop.testing.leak.NettyLeakDetectionExtension;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What every control API gets from the kit, through the pipeline {@link ControlApiServer} builds, in an {@code
 * EmbeddedChannel}: the token decided on the head, the problem format of every refusal, 413 for an oversized body
 * with a valid token, and the decoded request the handler sees.
 */
@ExtendWith(NettyLeakDetectionExtension.class)
class ControlApiServerTest {
    private static final String TOKEN = "test-token-0123456789";

    private final List<ControlRequestSeen> served = new ArrayList<>();
    private final List<RefusedAttempts> refused = new ArrayList<>();
    private final List<EmbeddedChannel> channels = new ArrayList<>();

    /** What the handler saw of a request, copied while its body was valid. */
    record ControlRequestSeen(
            String method, String path, Map<String, List<String>> query, String header, String body) {}

    @AfterEach
    void closeChannels() {
        channels.forEach(EmbeddedChannel::finishAndReleaseAll);
    }

    private EmbeddedChannel connection(ControlApiHandler handler) {
        EmbeddedChannel channel =
                new EmbeddedChannel(ControlApiServer.builder("test API", BearerToken.of(TOKEN, "test token"), handler)
                        .realm("nonstop-test")
                        .maxBodyBytes(1024)
                        .refusals(refused::add)
                        .channelInitializer());
        channels.add(channel);
        return channel;
    }

    private EmbeddedChannel connection() {
        return connection(request -> {
            served.add(new ControlRequestSeen(
                    request.method().name(),
                    request.path(),
                    request.queryParameters(),
                    request.headers().get("X-Test"),
                    request.contentAsString()));
            return ControlResponses.json(HttpResponseStatus.OK, Map.of("served", true));
        });
    }

    private static JsonNode body(String response) throws Exception {
        return ControlResponses.JSON.readTree(response.substring(response.indexOf("\r\n\r\n") + 4));
    }

    @Test
    void aRequestWithoutTheTokenGetsTheProblem401OnItsHeadWhateverThePath() throws Exception {
        for (String path : List.of("/api/apps", "/admin/table", "/nope")) {
            EmbeddedChannel channel = connection();

            send(channel, head("PUT", path, null, "Content-Length: 10000000"));

            String response = output(channel);
            assertThat(response)
                    .as(path)
                    .startsWith("HTTP/1.1 401 Unauthorized")
                    .contains("content-type: application/problem+json")
                    .contains("www-authenticate: Bearer realm=\"nonstop-test\"");
            JsonNode problem = body(response);
            assertThat(problem.get("status").asInt()).isEqualTo(401);
            assertThat(problem.get("title").asText()).isEqualTo("Unauthorized");
            assertThat(problem.get("code").asText()).isEqualTo("unauthorized");
            assertThat(problem.get("detail").asText())
                    .isEqualTo("missing bearer token (expected: Authorization: Bearer <token>)");
            assertThat(problem.get("error").asText())
                    .isEqualTo(problem.get("detail").asText());
            assertThat(problem.get("problems")).isEmpty();
            assertThat(channel.config().isAutoRead()).as("reads the body").isFalse();
        }
        assertThat(served).isEmpty();
    }

    @Test
    void aWrongTokenOrABasicAuthorizationIsRefusedAndTheHandlerNeverCalled() throws Exception {
        EmbeddedChannel wrong = connection();
        send(wrong, head("PUT", "/api/apps", "Bearer wrong", "Content-Length: 2") + "{}");
        String response = output(wrong);
        EmbeddedChannel basic = connection();
        send(basic, head("GET", "/api/apps", "Basic " + TOKEN));

        assertThat(response).startsWith("HTTP/1.1 401 ").contains("error=\"invalid_token\"");
        assertThat(body(response).get("detail").asText()).isEqualTo("invalid token");
        assertThat(response).doesNotContain(TOKEN);
        assertThat(output(basic)).startsWith("HTTP/1.1 401 ");
        assertThat(served).isEmpty();
        assertThat(refused).extracting(RefusedAttempts::what).containsExactly("PUT /api/apps", "GET /api/apps");
    }

    @Test
    void anOversizedBodyWithAValidTokenGetsTheProblem413AlsoWhenItAsksToContinueAndIsNotServed() throws Exception {
        for (String expect : List.of("Expect: 100-continue", "X-Nothing: 1")) {
            EmbeddedChannel channel = connection();

            send(channel, head("PUT", "/admin/table", "Bearer " + TOKEN, "Content-Length: 1025", expect));
            if (channel.isOpen()) {
                send(channel, " ".repeat(1025));
            }

            String response = output(channel);
            assertThat(response)
                    .as(expect)
                    .startsWith("HTTP/1.1 413 ")
                    .contains("connection: close")
                    .contains("content-type: application/problem+json");
            JsonNode problem = body(response);
            assertThat(problem.get("status").asInt()).isEqualTo(413);
            assertThat(problem.get("code").asText()).isEqualTo("too_large");
            assertThat(problem.get("detail").asText())
                    .isEqualTo("request body too large (expected: at most 1024 bytes)");
            assertThat(problem.get("problems").isArray()).isTrue();
            assertThat(channel.isOpen()).isFalse();
        }
        assertThat(served).isEmpty();
    }

    @Test
    void anAuthenticatedRequestReachesTheHandlerDecoded() throws Exception {
        EmbeddedChannel channel = connection();

        send(
                channel,
                head(
                                "POST",
                                "/api/my%20app?state=DONE&app=a&app=b",
                                "Bearer " + TOKEN,
                                "X-Test: 1",
                                "Content-Length: 7")
                        + "{\"a\":1}");

        String response = output(channel);
        assertThat(response).startsWith("HTTP/1.1 200 ").contains("cache-control: no-store");
        assertThat(body(response).get("served").asBoolean()).isTrue();
        assertThat(served)
                .containsExactly(new ControlRequestSeen(
                        "POST",
                        "/api/my%20app",
                        Map.of("state", List.of("DONE"), "app", List.of("a", "b")),
                        "1",
                        "{\"a\":1}"));
    }

    @Test
    void aFailingHandlerGetsTheProblem500AndTheConnectionServesTheNextRequest() throws Exception {
        List<String> paths = new ArrayList<>();
        EmbeddedChannel channel = connection(request -> {
            paths.add(request.path());
            if (request.path().equals("/boom")) {
                throw new IllegalStateException("boom");
            }
            return ControlResponses.problem(HttpResponseStatus.NOT_FOUND, "no such endpoint: " + request.path());
        });

        send(channel, head("GET", "/boom", "Bearer " + TOKEN));
        String failed = output(channel);
        send(channel, head("GET", "/next", "Bearer " + TOKEN));
        String next = output(channel);

        assertThat(failed).startsWith("HTTP/1.1 500 ");
        assertThat(body(failed).get("detail").asText())
                .isEqualTo("internal error: java.lang.IllegalStateException: boom");
        assertThat(body(failed).get("code").asText()).isEqualTo("internal_error");
        assertThat(next).startsWith("HTTP/1.1 404 ");
        assertThat(body(next).get("code").asText()).isEqualTo("not_found");
        assertThat(paths).containsExactly("/boom", "/next");
    }

    @Test
    void pipelinedRequestsAreServedOneAtATimeInOrder() throws Exception {
        List<Runnable> queued = new ArrayList<>();
        List<String> paths = new ArrayList<>();
        EmbeddedChannel channel = new EmbeddedChannel(
                ControlApiServer.builder("test API", BearerToken.of(TOKEN, "test token"), request -> {
                            paths.add(request.path());
                            return ControlResponses.json(HttpResponseStatus.OK, Map.of("path", request.path()));
                        })
                        .executor(queued::add)
                        .channelInitializer());
        channels.add(channel);

        send(channel, head("GET", "/1", "Bearer " + TOKEN) + head("GET", "/2", "Bearer " + TOKEN));

        assertThat(queued).as("the second waits until the first is answered").hasSize(1);
        queued.remove(0).run();
        assertThat(queued).hasSize(1);
        queued.remove(0).run();
        assertThat(paths).containsExactly("/1", "/2");
        String out = output(channel);
        assertThat(out.indexOf("\"/1\"")).isLessThan(out.indexOf("\"/2\"")).isPositive();
        assertThat(channel.config().isAutoRead()).isTrue();
    }

    @Test
    void aProblemNamesEveryWrongInputAndCarriesTheApisOwnMembers() throws Exception {
        ProblemDetails problem = ProblemDetails.badRequest(
                        List.of(Problem.of("port", 70000, "1-65535"), Problem.of("apps[0].name", "\"\"", "a name")))
                .withCode("invalid_input")
                .with("version", 7);

        JsonNode json = problem.toJson();

        assertThat(json.get("status").asInt()).isEqualTo(400);
        assertThat(json.get("title").asText()).isEqualTo("Bad Request");
        assertThat(json.get("detail").asText()).isEqualTo("invalid request: 2 problems");
        assertThat(json.get("code").asText()).isEqualTo("invalid_input");
        assertThat(json.get("version").asLong()).isEqualTo(7);
        assertThat(json.get("problems").get(0).get("path").asText()).isEqualTo("port");
        assertThat(json.get("problems").get(0).get("message").asText()).isEqualTo("70000 (expected: 1-65535)");
        assertThat(ProblemDetails.badRequest(List.of(Problem.of("port", 0, "1-65535")))
                        .detail())
                .isEqualTo("port: 0 (expected: 1-65535)");
        io.netty.handler.codec.http.FullHttpResponse response = problem.toResponse();
        try {
            assertThat(response.headers().get("Content-Type")).isEqualTo("application/problem+json");
        } finally {
            response.release();
        }
        assertThatThrownBy(() -> problem.with("status", 1))
                .hasMessageStartingWith("extension: status (expected: none of ");
    }
}
