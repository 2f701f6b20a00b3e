package dev.nonstop.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.nonstop.common.token.BearerToken;
import dev.nonstop.controller.api.ControllerApiServer;
import dev.nonstop.controller.store.AuditQuery;
import dev.nonstop.controller.store.ControllerStore;
import dev.nonstop.coordination.spi.LeaseAttempt;
import dev.nonstop.coordination.spi.LeaseGrant;
import dev.nonstop.coordination.spi.LeaseStore;
import dev.nonstop.coordination.spi.RenewalOutcome;
import dev.nonstop.testing.leak.NettyLeakDetectionExtension;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** The {@link Controller} facade: started from settings, owning its store, leases and API, closed once. */
@ExtendWith(NettyLeakDetectionExtension.class)
class ControllerIntegrationTest {
    private static final String TOKEN = "controller-facade-token-0123456789";

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newHttpClient();

    @AfterEach
    void stop() {
        http.shutdownNow();
    }

    private ControllerSettings.Builder settings() {
        return ControllerSettings.builder()
                .id("controller-under-test")
                .listen(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                .token(BearerToken.of(TOKEN, ControllerApiServer.TOKEN_NAME))
                .store(ControllerSettings.Store.embedded(dir.resolve("store")))
                .agents((host, fence) -> {
                    throw new IllegalStateException("no agents in this test");
                })
                .appToken("app-token-0123456789");
    }

    private int get(Controller controller, String path, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + controller.address().getPort() + path));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }

    @Test
    void aControllerStartedFromSettingsServesItsApiOnItsStoreAndItsLeases() throws Exception {
        try (Controller controller = Controller.start(settings().build())) {
            controller.store().createApp("shop");

            assertThat(get(controller, "/api/apps/shop", TOKEN)).isEqualTo(200);
            assertThat(get(controller, "/api/apps/shop", null)).isEqualTo(401);
            assertThat(controller.settings().id()).isEqualTo("controller-under-test");
        }
        // Closed whole: the embedded store opens again, with what the first controller wrote.
        try (ControllerStore store = ControllerStore.h2(dir.resolve("store"))) {
            assertThat(store.app("shop")).isPresent();
        }
    }

    @Test
    void theLeaseBackendInTheSettingsIsTheOneReleasesAreLockedIn() throws Exception {
        AtomicBoolean opened = new AtomicBoolean();
        ControllerSettings settings = settings()
                .leases(database -> {
                    opened.set(true);
                    return LeaseBackend.storeDatabase().open(database);
                })
                .build();
        try (Controller controller = Controller.start(settings)) {
            assertThat(opened).isTrue();
            // The recovery scanner found nothing to take over, and the API answers.
            assertThat(controller.releases().scanOnce()).isZero();
            assertThat(get(controller, "/api/apps", TOKEN)).isEqualTo(200);
        }
    }

    @Test
    void aControllerThatCannotBindItsApiClosesItsStoreAndLeasesAgain() throws Exception {
        AtomicBoolean leasesClosed = new AtomicBoolean();
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            ControllerSettings settings = settings()
                    .listen(new InetSocketAddress(InetAddress.getLoopbackAddress(), taken.getLocalPort()))
                    .leases(database ->
                            new ClosingObserved(LeaseBackend.storeDatabase().open(database), leasesClosed))
                    .build();

            assertThatThrownBy(() -> Controller.start(settings))
                    .isInstanceOf(ControllerStartException.class)
                    .hasMessageContaining("controller controller-under-test cannot start");
        }
        assertThat(leasesClosed).isTrue();
        try (Controller again = Controller.start(settings().build())) {
            assertThat(get(again, "/api/apps", TOKEN)).isEqualTo(200);
        }
    }

    @Test
    void aWarmUpReadsAThrowawayApiBeforeTheRealOneOpensAndLeavesNoTrace() throws Exception {
        Logger log = (Logger) LoggerFactory.getLogger(Controller.class);
        ListAppender<ILoggingEvent> logged = new ListAppender<>();
        logged.start();
        log.addAppender(logged);
        try (Controller controller =
                Controller.start(settings().warmUp(Duration.ofSeconds(30)).build())) {
            controller.store().createApp("shop");

            assertThat(logged.list)
                    .extracting(ILoggingEvent::getFormattedMessage)
                    .anySatisfy(
                            m -> assertThat(m).matches("controller warmed up: 1500 API reads on loopback in \\d+ ms"));
            // Reads only: nothing recorded, no refusal audited; the real API answers with its own token only.
            assertThat(controller.store().audit(AuditQuery.latest(10))).isEmpty();
            assertThat(get(controller, "/api/apps/shop", TOKEN)).isEqualTo(200);
            assertThat(get(controller, "/api/apps/shop", "warm-up-token")).isEqualTo(401);
        } finally {
            log.detachAppender(logged);
        }
    }

    @Test
    void settingsNameWhatIsMissingOrOutOfRange() {
        assertThatThrownBy(() -> settings().warmUp(Duration.ofSeconds(-1)))
                .hasMessage("warmUp: PT-1S (expected: >= 0)");
        assertThat(settings().build().warmUp()).isZero();
        assertThatThrownBy(() -> ControllerSettings.builder().build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("token: null (expected: the API token, see BearerToken.readOrCreate)");
        assertThatThrownBy(() -> settings().leaseTtl(Duration.ofSeconds(-1)))
                .hasMessage("leaseTtl: PT-1S (expected: > 0)");
        assertThatThrownBy(() -> ControllerSettings.Store.jdbc("postgresql://db/nonstop", "u", "secret"))
                .hasMessage(
                        "store.url: postgresql://db/nonstop (expected: a JDBC URL, e.g. jdbc:postgresql://db:5432/nonstop)");
        assertThat(ControllerSettings.Store.jdbc("jdbc:postgresql://db/nonstop", "u", "secret")
                        .toString())
                .doesNotContain("secret");
        ControllerSettings derived =
                settings().build().toBuilder().id("controller-b").build();
        assertThat(derived.id()).isEqualTo("controller-b");
        assertThat(derived.store()).isEqualTo(settings().build().store());
    }

    /** A lease store that records being closed. */
    private record ClosingObserved(LeaseStore store, AtomicBoolean closed) implements LeaseStore {
        @Override
        public LeaseAttempt begin(String name, String leaseId, Duration ttl, boolean fair) {
            return store.begin(name, leaseId, ttl, fair);
        }

        @Override
        public RenewalOutcome renew(LeaseGrant grant, Duration ttl) {
            return store.renew(grant, ttl);
        }

        @Override
        public void release(LeaseGrant grant) {
            store.release(grant);
        }

        @Override
        public void close() {
            closed.set(true);
            store.close();
        }
    }
}
