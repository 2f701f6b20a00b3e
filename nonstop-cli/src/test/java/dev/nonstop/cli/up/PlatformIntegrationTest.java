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
                    .hasSize(3) // gateway, its admin API, the controller's API
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
}
