package dev.nonstop.cli.up;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nonstop.testing.sockets.ListeningSockets;
import dev.nonstop.testing.sockets.ListeningSockets.Listener;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** What {@code nonstop up} exposes to other local users: loopback listeners only, an owner-only data directory. */
@Timeout(120)
class PlatformIntegrationTest {
    @TempDir
    Path dir;

    private PlatformConfig config(Path dataDir) {
        InetSocketAddress anyLoopbackPort = InetSocketAddress.createUnresolved("127.0.0.1", 0);
        return new PlatformConfig(dataDir, anyLoopbackPort, anyLoopbackPort, anyLoopbackPort, "h2", "", "", List.of());
    }

    @Test
    void nonstopUpListensOnLoopbackOnlyAndKeepsItsDataDirectoryOwnerOnly() throws Exception {
        Path data = dir.resolve(".nonstop");
        // As earlier versions and a default umask left it.
        Files.createDirectories(data);
        Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwxr-xr-x"));
        Set<Listener> before = ListeningSockets.ofThisProcess();

        try (Platform platform = Platform.start(config(data), new PrintStream(OutputStream.nullOutputStream()))) {
            Set<Listener> opened = new HashSet<>(ListeningSockets.ofThisProcess());
            opened.removeAll(before);
            assertThat(opened)
                    .as("the sockets nonstop up listens on")
                    .hasSize(4) // gateway, its admin API, the controller's API, the embedded session store
                    .allMatch(Listener::isLoopbackOnly);

            assertThat(permissions(data)).as("the data directory").isEqualTo("rwx------");
            try (Stream<Path> children = Files.list(data)) {
                assertThat(children.toList())
                        .extracting(p -> p.getFileName().toString())
                        .contains("controller.token", "gateway.token", "app.token", "store.password", "nonstop.mv.db");
            }
            try (Stream<Path> children = Files.list(data)) {
                assertThat(children.toList()).allSatisfy(p -> assertThat(permissions(p))
                        .as("%s", p)
                        .isEqualTo(Files.isDirectory(p) ? "rwx------" : "rw-------"));
            }
        }
    }

    private static String permissions(Path path) {
        try {
            return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void nonstopUpRefusesADataDirectoryOtherUsersCanWriteToBeforeTrustingAnythingInIt() throws Exception {
        Path data = dir.resolve(".nonstop");
        // Another local user could have put their own tokens and store password (or symlinks to them) in here.
        Files.createDirectories(data);
        Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwxrwxrwx"));
        Files.writeString(data.resolve("store.password"), "chosen-by-someone-else");

        Platform started = null;
        try {
            started = Platform.start(config(data), new PrintStream(OutputStream.nullOutputStream()));
        } catch (IOException e) {
            assertThat(e.getMessage())
                    .contains("dataDir: " + data.toAbsolutePath() + " is writable by other users (rwxrwxrwx)");
        } finally {
            if (started != null) {
                started.close();
            }
        }
        assertThat(started)
                .as("a platform started on a world-writable data directory")
                .isNull();
        try (Stream<Path> children = Files.list(data)) {
            assertThat(children.toList())
                    .extracting(p -> p.getFileName().toString())
                    .containsExactly("store.password");
        }
    }

    @Test
    void nonstopUpRefusesADataDirectoryOwnedByAnotherUser() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(
                "root".equals(System.getProperty("user.name")), "only root can give a directory away");
        Path data = dir.resolve(".nonstop");
        Files.createDirectories(data);
        Files.setOwner(
                data, data.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody"));

        Platform started = null;
        try {
            started = Platform.start(config(data), new PrintStream(OutputStream.nullOutputStream()));
        } catch (IOException e) {
            assertThat(e.getMessage()).contains("dataDir: " + data.toAbsolutePath() + " is owned by nobody, not root");
        } finally {
            if (started != null) {
                started.close();
            }
        }
        assertThat(started)
                .as("a platform started on another user's data directory")
                .isNull();
    }
}
