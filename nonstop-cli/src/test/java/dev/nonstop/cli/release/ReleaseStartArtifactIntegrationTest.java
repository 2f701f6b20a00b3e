package dev.nonstop.cli.release;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nonstop.agent.Agent;
import dev.nonstop.agent.AgentSettings;
import dev.nonstop.agent.Caller;
import dev.nonstop.cli.DemoApps;
import dev.nonstop.cli.ExitCodes;
import dev.nonstop.cli.NonstopCommand;
import dev.nonstop.common.token.BearerToken;
import dev.nonstop.controller.Controller;
import dev.nonstop.controller.ControllerSettings;
import dev.nonstop.controller.api.ControllerApiServer;
import dev.nonstop.controller.store.ControllerStore;
import dev.nonstop.controller.store.NewInstance;
import dev.nonstop.controller.store.RecordedInstanceState;
import dev.nonstop.testing.leak.NettyLeakDetectionExtension;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code nonstop release start} against a controller that checks the artifact (the real release service, an agent
 * with the app's current version installed): a bad artifact or a reused version name is refused with the
 * controller's words and an exit code that means it, and no release is created.
 */
@ExtendWith(NettyLeakDetectionExtension.class)
class ReleaseStartArtifactIntegrationTest {
    private static final String TOKEN = "cli-test-token-0123456789";

    @TempDir
    Path dir;

    private ControllerStore store;
    private Agent agent;
    private Controller controller;
    private Path tokenFile;
    private Path v1;
    private Path v2;
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeEach
    void start() throws Exception {
        agent = Agent.create(
                AgentSettings.builder().dataDir(dir.resolve("agent")).build());
        v1 = DemoApps.extract(dir, "nonstop-sample-app-v1.jar");
        v2 = DemoApps.extract(dir, "nonstop-sample-app-v2.jar");
        agent.install("shop", "v1", v1, null);
        controller = Controller.start(ControllerSettings.builder()
                .id("controller-cli-test")
                .listen(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                .token(BearerToken.of(TOKEN, ControllerApiServer.TOKEN_NAME))
                .store(ControllerSettings.Store.jdbc(
                        "jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", ""))
                .agents((host, fence) -> agent.as(new Caller("controller", Optional.of(fence))))
                .appToken("cli-test-app-token-0123456789")
                .leaseTtl(Duration.ofSeconds(2))
                .build());
        store = controller.store();
        store.createApp("shop");
        store.createInstance(new NewInstance(
                "shop-1", "shop", "127.0.0.1", 8081, "v1", RecordedInstanceState.RUNNING, Optional.empty()));
        tokenFile = Files.writeString(dir.resolve("controller.token"), TOKEN + "\n");
    }

    @AfterEach
    void stop() {
        controller.close();
        agent.close();
    }

    private int releaseStart(String version, Path artifact) {
        CommandLine cli = NonstopCommand.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(
                "release",
                "start",
                "shop",
                "--version",
                version,
                "--artifact",
                artifact.toString(),
                "--plain",
                "--controller",
                "http://127.0.0.1:" + controller.address().getPort(),
                "--token-file",
                tokenFile.toString());
    }

    @Test
    void releaseStartOfEtcPasswdExitsWith2NamingTheArtifactAndCreatesNoRelease() {
        int exit = releaseStart("v2", Path.of("/etc/passwd"));

        assertThat(exit).as("err: %s", err).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString())
                .contains("artifact: /etc/passwd (expected: a runnable jar with Main-Class in its manifest)");
        assertThat(out.toString()).isEmpty();
        assertThat(store.releases("shop")).isEmpty();
    }

    @Test
    void releaseStartOfTheCurrentVersionNameWithAnotherJarExitsWith1NamingBothChecksums() throws Exception {
        int exit = releaseStart("v1", v2);

        assertThat(exit).as("err: %s", err).isEqualTo(ExitCodes.FAILURE);
        assertThat(err.toString())
                .contains("shop v1 is already known with sha256 " + sha256(v1).substring(0, 12))
                .contains("installed on 127.0.0.1")
                .contains("this artifact's sha256 is " + sha256(v2).substring(0, 12));
        assertThat(store.releases("shop")).isEmpty();
    }

    private static String sha256(Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }
}
