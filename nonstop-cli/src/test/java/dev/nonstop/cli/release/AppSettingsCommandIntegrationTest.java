package dev.nonstop.cli.release;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nonstop.cli.NonstopCommand;
import dev.nonstop.common.token.BearerToken;
import dev.nonstop.controller.api.ControllerApiServer;
import dev.nonstop.controller.api.ReleaseEvents;
import dev.nonstop.controller.release.spec.AppSettings;
import dev.nonstop.controller.release.spec.DrainMode;
import dev.nonstop.controller.release.spec.SmokeCheck;
import dev.nonstop.controller.store.ControllerStore;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code nonstop app settings} against a real controller API (127.0.0.1, port 0) on an H2 in-memory store. */
class AppSettingsCommandIntegrationTest {
    private static final String TOKEN = "cli-test-token-0123456789";

    @TempDir
    Path dir;

    private ControllerStore store;
    private ControllerApiServer server;
    private String url;
    private Path tokenFile;
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeEach
    void start() throws Exception {
        store = ControllerStore.jdbc("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "");
        server = ControllerApiServer.builder(store, new StoreOnlyReleaseOperations(store), new ReleaseEvents())
                .listen(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                .token(BearerToken.of(TOKEN, ControllerApiServer.TOKEN_NAME))
                .start();
        url = "http://127.0.0.1:" + server.address().getPort();
        tokenFile = Files.writeString(dir.resolve("controller.token"), TOKEN + "\n");
        store.createApp("shop");
    }

    @AfterEach
    void stop() {
        server.close();
        store.close();
    }

    private int run(String... args) {
        List<String> all = new ArrayList<>(Arrays.asList(args));
        all.addAll(List.of("--controller", url, "--token-file", tokenFile.toString()));
        CommandLine cli = NonstopCommand.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(all.toArray(String[]::new));
    }

    @Test
    void theGivenSettingsAreChangedAndTheOthersKept() {
        int first = run(
                "app",
                "settings",
                "shop",
                "--readiness-path",
                "/actuator/health/readiness",
                "--arg",
                "--spring.application.name=shop-${INSTANCE}",
                "--env",
                "LOG=/tmp/${PORT}.log",
                "--drain-mode",
                "gateway");
        int second = run("app", "settings", "shop", "--smoke", "GET /health 200 UP", "--drain-deadline", "20s");

        assertThat(first).as(err.toString()).isZero();
        assertThat(second).as(err.toString()).isZero();
        AppSettings settings = store.app("shop").orElseThrow().settings();
        assertThat(settings.readinessPath()).isEqualTo("/actuator/health/readiness");
        assertThat(settings.args()).containsExactly("--spring.application.name=shop-${INSTANCE}");
        assertThat(settings.env()).containsEntry("LOG", "/tmp/${PORT}.log");
        assertThat(settings.drain().mode()).as("kept by the second change").isEqualTo(DrainMode.GATEWAY);
        assertThat(settings.drain().deadline()).hasSeconds(20);
        assertThat(settings.smokeChecks().orElseThrow())
                .extracting(SmokeCheck::toString)
                .containsExactly("GET /health 200 UP");

        out.getBuffer().setLength(0);
        assertThat(run("app", "settings", "shop")).isZero();
        assertThat(out.toString()).contains("\"readinessPath\" : \"/actuator/health/readiness\"");
    }

    @Test
    void aReadinessTimeoutIsSetOnceForTheAppAndCanGoBackToTheControllersDefault() {
        int tooLong = run("app", "settings", "shop", "--readiness-timeout", "2h");
        assertThat(tooLong).isEqualTo(2);
        assertThat(err.toString()).contains("--readiness-timeout: PT2H (expected: a duration from 1s to 1h");
        assertThat(store.app("shop").orElseThrow().settings()).isEqualTo(AppSettings.DEFAULT);

        assertThat(run("app", "settings", "shop", "--readiness-timeout", "150s"))
                .as(err.toString())
                .isZero();
        assertThat(store.app("shop").orElseThrow().settings().readinessTimeout())
                .hasValue(Duration.ofSeconds(150));
        assertThat(out.toString()).contains("\"readinessTimeout\" : \"PT2M30S\"");

        assertThat(run("app", "settings", "shop", "--drain-mode", "app")).isZero();
        assertThat(store.app("shop").orElseThrow().settings().readinessTimeout())
                .as("kept by another change")
                .hasValue(Duration.ofSeconds(150));

        assertThat(run("app", "settings", "shop", "--default-readiness-timeout"))
                .as(err.toString())
                .isZero();
        assertThat(store.app("shop").orElseThrow().settings().readinessTimeout())
                .isEmpty();
    }

    @Test
    void anUnknownTemplateVariableOrABadSmokeStatusIsRefusedNamedAndNothingChanges() {
        int unknownVariable = run("app", "settings", "shop", "--arg", "--a", "--arg", "--b=${FOO}");
        int badStatus = run("app", "settings", "shop", "--smoke", "GET /health 700");

        assertThat(unknownVariable).isEqualTo(2);
        assertThat(err.toString()).contains("--arg[1]: unknown variable ${FOO}; known: PORT, INSTANCE");
        assertThat(badStatus).isEqualTo(2);
        assertThat(err.toString()).contains("smokeChecks[0].expectedStatuses: 700 (expected: 100 to 599)");
        assertThat(store.app("shop").orElseThrow().settings()).isEqualTo(AppSettings.DEFAULT);
    }

    @Test
    void aReleaseWhoseSmokeCheckExpectsAStatusOutsideTheHttpRangeIsRefusedBeforeAnythingStarts() throws Exception {
        Path jar = Files.writeString(dir.resolve("shop-2.jar"), "a jar");

        int exit = run(
                "release", "start", "shop", "--version", "2", "--artifact", jar.toString(), "--smoke", "GET /x 700");

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("--smoke: 'GET /x 700' (expected: a status 100 to 599)");
        assertThat(store.releases("shop")).isEmpty();
    }
}
