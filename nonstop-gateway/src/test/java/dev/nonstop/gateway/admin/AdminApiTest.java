package dev.nonstop.gateway.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nonstop.common.token.BearerToken;
import dev.nonstop.gateway.contract.App;
import dev.nonstop.gateway.contract.Member;
import dev.nonstop.gateway.contract.MemberState;
import dev.nonstop.gateway.contract.Route;
import dev.nonstop.gateway.contract.RoutingTable;
import dev.nonstop.gateway.contract.TableJson;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The admin endpoints on an in-memory table, through the real pipeline in an EmbeddedChannel. */
class AdminApiTest {
    private static final String TOKEN = "test-token-0123456789";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final RoutingTable TABLE = new RoutingTable(
            1,
            List.of(Route.any("shop")),
            List.of(App.of(
                    "shop", Member.active("shop-1", "127.0.0.1", 8081), Member.active("shop-2", "127.0.0.1", 8082))));

    private final InMemoryTarget target = new InMemoryTarget(TABLE);
    private final EmbeddedChannel server;
    private final EmbeddedChannel client =
            new EmbeddedChannel(new HttpClientCodec(), new HttpObjectAggregator(1 << 22));

    AdminApiTest() {
        server = new EmbeddedChannel(AdminServer.builder(
                        new InetSocketAddress("127.0.0.1", 0), BearerToken.of(TOKEN, AdminServer.TOKEN_NAME), target)
                .channelInitializer());
    }

    @AfterEach
    void closeChannels() {
        server.finishAndReleaseAll();
        client.finishAndReleaseAll();
    }

    /** A response, its body read and released. */
    record Reply(int status, String contentType, String body, FullHttpResponse head) {
        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (Exception e) {
                throw new AssertionError("not JSON: " + body, e);
            }
        }

        String header(CharSequence name) {
            return head.headers().get(name);
        }
    }

    private Reply call(
            HttpMethod method, String uri, String token, String contentType, String body, String... headers) {
        ByteBuf content = body == null ? Unpooled.EMPTY_BUFFER : Unpooled.copiedBuffer(body, StandardCharsets.UTF_8);
        FullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, method, uri, content);
        request.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, content.readableBytes());
        if (token != null) {
            request.headers().set(HttpHeaderNames.AUTHORIZATION, "Bearer " + token);
        }
        if (contentType != null) {
            request.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType);
        }
        for (int i = 0; i < headers.length; i += 2) {
            request.headers().set(headers[i], headers[i + 1]);
        }
        client.writeOutbound(request);
        for (Object out; (out = client.readOutbound()) != null; ) {
            if (server.isOpen()) {
                server.writeInbound(out);
            } else {
                ReferenceCountUtil.release(out); // the server already answered and closed
            }
        }
        for (Object out; (out = server.readOutbound()) != null; ) {
            client.writeInbound(out);
        }
        FullHttpResponse response = client.readInbound();
        assertThat(response).as("a response to %s %s", method, uri).isNotNull();
        try {
            return new Reply(
                    response.status().code(),
                    response.headers().get(HttpHeaderNames.CONTENT_TYPE),
                    response.content().toString(StandardCharsets.UTF_8),
                    response.replace(Unpooled.EMPTY_BUFFER));
        } finally {
            response.release();
        }
    }

    private Reply get(String uri) {
        return call(HttpMethod.GET, uri, TOKEN, null, null);
    }

    private Reply put(String uri, String json, String... headers) {
        return call(HttpMethod.PUT, uri, TOKEN, "application/json", json, headers);
    }

    private static String tableJson(RoutingTable table) {
        return TableJson.toTree(table).toString();
    }

    /** The admin API is served by the control-plane kit: its token check, its problem format. */
    @Test
    void isWiredToTheKitACallWithoutATokenGetsItsProblem401() {
        for (String uri : List.of("/admin/table", "/admin/version", "/metrics", "/admin/stats", "/nope")) {
            Reply reply = call(HttpMethod.GET, uri, null, null, null);

            assertThat(reply.status()).as(uri).isEqualTo(401);
            assertThat(reply.contentType()).isEqualTo("application/problem+json");
            assertThat(reply.header(HttpHeaderNames.WWW_AUTHENTICATE)).startsWith("Bearer realm=\"nonstop-gateway\"");
            assertThat(reply.json().get("code").asText()).isEqualTo("unauthorized");
            assertThat(reply.json().get("error").asText()).contains("missing bearer token");
        }
        assertThat(target.tables().current()).isEqualTo(TABLE);
    }

    @Test
    void tableIsShownInTheConfigShapeWithItsVersion() {
        Reply reply = get("/admin/table");

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.contentType()).isEqualTo("application/json");
        assertThat(reply.header(HttpHeaderNames.ETAG)).isEqualTo("\"1\"");
        assertThat(reply.json().toString()).isEqualTo(TableJson.toTree(TABLE).toString());
        assertThat(reply.json().at("/apps/0/groups/0/members/1/id").asText()).isEqualTo("shop-2");
    }

    @Test
    void versionIsTheVersionInForce() {
        assertThat(get("/admin/version").json().get("version").asLong()).isEqualTo(1);
    }

    @Test
    void tableEditedFromAGetCanBePutBack() {
        String edited = get("/admin/table").body().replace("\"weight\" : 100", "\"weight\" : 7");

        Reply reply = put("/admin/table", edited);

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.json().get("version").asLong()).isEqualTo(2);
        assertThat(target.tables().current().members())
                .extracting(Member::weight)
                .containsExactly(7, 7);
        assertThat(get("/admin/version").json().get("version").asLong()).isEqualTo(2);
    }

    @Test
    void tableWithoutVersionReplacesUnconditionally() {
        target.setMemberWeight("shop-1", 5);

        Reply reply = put("/admin/table", "{\"apps\": [], \"routes\": []}");

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.json().get("version").asLong()).isEqualTo(3);
        assertThat(target.tables().current().apps()).isEmpty();
    }

    @Test
    void staleVersionInTheBodyIsAConflict() {
        String copy = get("/admin/table").body();
        target.setMemberWeight("shop-1", 5); // someone else changes the table: version 2

        Reply reply = put("/admin/table", copy);

        assertThat(reply.status()).isEqualTo(409);
        assertThat(reply.json().get("version").asLong()).isEqualTo(2);
        assertThat(reply.json().get("error").asText()).contains("version: 1");
        assertThat(target.tables().current().member("shop-1").orElseThrow().weight())
                .isEqualTo(5);
    }

    @Test
    void ifMatchChecksTheVersionInForce() {
        String table = "{\"apps\": [], \"routes\": []}";

        Reply conflict = put("/admin/table", table, "If-Match", "7");
        Reply ok = put("/admin/table", table, "If-Match", "\"1\"");

        assertThat(conflict.status()).isEqualTo(409);
        assertThat(conflict.json().get("version").asLong()).isEqualTo(1);
        assertThat(ok.status()).isEqualTo(200);
        assertThat(ok.json().get("version").asLong()).isEqualTo(2);
    }

    @Test
    void ifMatchThatIsNotAVersionIsABadRequest() {
        Reply reply = put("/admin/table", "{\"apps\": [], \"routes\": []}", "If-Match", "yesterday");

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.json().at("/problems/0/path").asText()).isEqualTo("If-Match");
    }

    @Test
    void invalidTableIsRefusedWithEveryProblemAndTheOldTableStays() {
        RoutingTable bad = new RoutingTable(
                1, List.of(Route.any("nope")), List.of(App.of("shop", Member.active("shop-1", "127.0.0.1", 70000))));

        Reply reply = put("/admin/table", tableJson(bad));

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.json().get("problems"))
                .extracting(
                        p -> p.get("path").asText() + ": " + p.get("message").asText())
                .containsExactly(
                        "apps[0].groups[0].members[0].port: 70000 (expected: 1-65535)",
                        "routes[0].app: nope (expected: one of the apps [shop])");
        assertThat(target.tables().current()).isEqualTo(TABLE);
    }

    @Test
    void badJsonIsRefusedNamingTheProblem() {
        Reply reply = put("/admin/table", "{\"apps\": [,]}");

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.json().at("/problems/0/path").asText()).isEqualTo("line 1, column 11");
        assertThat(reply.json().at("/problems/0/message").asText())
                .contains("Unexpected character")
                .endsWith("(expected: valid JSON)");
    }

    @Test
    void forgottenListsAndUnknownFieldsAreNamed() {
        Reply reply = put("/admin/table", "{\"version\": 1, \"app\": []}");

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.json().get("problems"))
                .extracting(p -> p.get("path").asText())
                .containsExactly("app", "apps", "routes");
    }

    @Test
    void yamlBodiesAreAcceptedToo() {
        Reply reply = call(
                HttpMethod.PUT,
                "/admin/table",
                TOKEN,
                "application/yaml",
                "apps:\n  - name: web\n    groups: [{name: a, members: [{id: w1, host: 10.0.0.1, port: 80}]}]\nroutes: [{app: web}]\n");

        assertThat(reply.status()).isEqualTo(200);
        assertThat(target.tables().current().app("web")).isPresent();
    }

    @Test
    void otherContentTypesAreUnsupported() {
        Reply reply = call(HttpMethod.PUT, "/admin/table", TOKEN, "application/x-www-form-urlencoded", "a=b");

        assertThat(reply.status()).isEqualTo(415);
        assertThat(reply.json().get("error").asText()).contains("expected: application/json");
    }

    @Test
    void drainingAMemberIncrementsTheVersionAndShowsInTheTable() {
        Reply reply = put("/admin/members/shop-1/state", "{\"state\": \"DRAINING\", \"drainDeadline\": \"30s\"}");

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.json().get("version").asLong()).isEqualTo(2);
        assertThat(reply.json().at("/member/state").asText()).isEqualTo("DRAINING");
        JsonNode table = get("/admin/table").json();
        assertThat(table.get("version").asLong()).isEqualTo(2);
        assertThat(table.at("/apps/0/groups/0/members/0/state").asText()).isEqualTo("DRAINING");
        assertThat(table.at("/apps/0/groups/0/members/1/state").asText()).isEqualTo("ACTIVE");
    }

    @Test
    void stateOfAnUnknownMemberIsNotFound() {
        Reply reply = put("/admin/members/shop-9/state", "{\"state\": \"OUT\"}");

        assertThat(reply.status()).isEqualTo(404);
        assertThat(reply.json().get("error").asText()).isEqualTo("unknown member: shop-9");
    }

    @Test
    void badStateBodiesAreNamed() {
        assertThat(put("/admin/members/shop-1/state", "{\"state\": \"DRAINNG\"}")
                        .json()
                        .at("/problems/0/message")
                        .asText())
                .isEqualTo("DRAINNG (expected: one of ACTIVE, DRAINING, OUT, STANDBY)");
        assertThat(put("/admin/members/shop-1/state", "{}")
                        .json()
                        .at("/problems/0")
                        .toString())
                .contains("state", "missing");
        Reply reply = put("/admin/members/shop-1/state", "{\"state\": \"OUT\", \"drainDeadline\": \"-5s\", \"x\": 1}");
        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.json().get("problems"))
                .extracting(
                        p -> p.get("path").asText() + ": " + p.get("message").asText())
                .containsExactly(
                        "x: unknown field (expected one of: state, drainDeadline)",
                        "drainDeadline: -5s (expected: > 0)");
        assertThat(target.tables().current()).isEqualTo(TABLE);
    }

    @Test
    void weightIsSetAndChecked() {
        Reply ok = put("/admin/members/shop-2/weight", "{\"weight\": 50}");
        Reply tooHeavy = put("/admin/members/shop-2/weight", "{\"weight\": 10001}");

        assertThat(ok.status()).isEqualTo(200);
        assertThat(ok.json().at("/member/weight").asInt()).isEqualTo(50);
        assertThat(tooHeavy.status()).isEqualTo(400);
        assertThat(tooHeavy.json().at("/problems/0/message").asText()).isEqualTo("10001 (expected: 0-10000)");
        assertThat(target.tables().current().member("shop-2").orElseThrow().weight())
                .isEqualTo(50);
    }

    @Test
    void statsListEveryMemberWithCounters() {
        target.stats().member("shop-1", "shop").requestStarted();

        JsonNode all = get("/admin/stats").json();
        JsonNode one = get("/admin/stats/shop-1").json();

        assertThat(all.at("/members/0/member").asText()).isEqualTo("shop-1");
        assertThat(all.at("/members/0/inFlight").asInt()).isEqualTo(1);
        assertThat(one.get("requests").asLong()).isEqualTo(1);
    }

    @Test
    void statsOfAMemberNeverUsedAreZeroAndOfAStrangerNotFound() {
        assertThat(get("/admin/stats/shop-2").json().get("requests").asLong()).isZero();
        assertThat(get("/admin/stats/nobody").status()).isEqualTo(404);
    }

    @Test
    void metricsAreInPrometheusTextFormat() {
        target.stats().member("shop-1", "shop").requestStarted();

        Reply reply = get("/metrics");

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.contentType()).startsWith("text/plain; version=0.0.4");
        assertThat(reply.body()).contains("nonstop_gateway_member_in_flight{app=\"shop\",member=\"shop-1\"} 1");
    }

    @Test
    void wrongMethodsAndPathsAreNamed() {
        Reply delete = call(HttpMethod.DELETE, "/admin/table", TOKEN, null, null);
        Reply postMetrics = call(HttpMethod.POST, "/metrics", TOKEN, null, null);

        assertThat(delete.status()).isEqualTo(405);
        assertThat(delete.header(HttpHeaderNames.ALLOW)).isEqualTo("GET, PUT");
        assertThat(postMetrics.status()).isEqualTo(405);
        assertThat(get("/admin/tables").status()).isEqualTo(404);
        assertThat(get("/admin/members/shop-1/colour").status()).isEqualTo(404);
        assertThat(get("/").status()).isEqualTo(404);
    }

    @Test
    void membersSetToOtherStatesShowThem() {
        for (MemberState state : MemberState.values()) {
            Reply reply = put(
                    "/admin/members/shop-2/state",
                    "{\"state\": \"" + state.name().toLowerCase() + "\"}");

            assertThat(reply.status()).isEqualTo(200);
            assertThat(target.tables().current().member("shop-2").orElseThrow().state())
                    .isEqualTo(state);
        }
    }

    @Test
    void aMutationWithAStaleFencingTokenIsRefusedAndChangesNothing() {
        String member = TABLE.members().findFirst().orElseThrow().id();
        Reply accepted = put(
                "/admin/members/" + member + "/state",
                "{\"state\":\"DRAINING\"}",
                "X-Nonstop-Release",
                "r-1",
                "X-Nonstop-Fencing-Token",
                "5");
        long versionAfter = target.tables().current().version();

        Reply stale = put(
                "/admin/members/" + member + "/state",
                "{\"state\":\"ACTIVE\"}",
                "X-Nonstop-Release",
                "r-1",
                "X-Nonstop-Fencing-Token",
                "3");

        assertThat(accepted.status()).isEqualTo(200);
        assertThat(stale.status()).isEqualTo(409);
        assertThat(stale.json().get("error").asText())
                .isEqualTo("stale fencing token 3 for release r-1 (highest seen: 5)");
        assertThat(target.tables().current().version()).isEqualTo(versionAfter);
        assertThat(target.tables().current().member(member).orElseThrow().state())
                .isEqualTo(MemberState.DRAINING);
    }

    @Test
    void theSameOrAHigherFencingTokenIsAcceptedAndOtherReleasesAreIndependent() {
        String member = TABLE.members().findFirst().orElseThrow().id();
        String[] release1 = {"X-Nonstop-Release", "r-1", "X-Nonstop-Fencing-Token", "7"};

        assertThat(put("/admin/members/" + member + "/weight", "{\"weight\":10}", release1)
                        .status())
                .isEqualTo(200);
        assertThat(put("/admin/members/" + member + "/weight", "{\"weight\":20}", release1)
                        .status())
                .isEqualTo(200);
        assertThat(put(
                                "/admin/members/" + member + "/weight",
                                "{\"weight\":30}",
                                "X-Nonstop-Release",
                                "r-2",
                                "X-Nonstop-Fencing-Token",
                                "1")
                        .status())
                .isEqualTo(200);
    }

    @Test
    void aFencingTokenThatIsNotANumberIsABadRequestNamingTheHeader() {
        String member = TABLE.members().findFirst().orElseThrow().id();
        Reply reply = put(
                "/admin/members/" + member + "/weight",
                "{\"weight\":10}",
                "X-Nonstop-Release",
                "r-1",
                "X-Nonstop-Fencing-Token",
                "seven");

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.body()).contains("X-Nonstop-Fencing-Token").contains("seven");
    }
}
