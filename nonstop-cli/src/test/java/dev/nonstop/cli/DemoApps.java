package dev.nonstop.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;

/** What the CLI's process tests share: the sample app jars shipped for the demo, and free ports. */
public final class DemoApps {
    private DemoApps() {}

    /** Copies {@code nonstop-sample-app-<version>.jar} from the CLI's resources into {@code dir}. */
    public static Path extract(Path dir, String jar) throws IOException {
        try (InputStream in = DemoApps.class.getResourceAsStream("/dev/nonstop/cli/demo/" + jar)) {
            assertThat(in)
                    .as("%s in the CLI's resources (built by the reactor)", jar)
                    .isNotNull();
            Path target = dir.resolve(jar);
            Files.copy(in, target);
            return target;
        }
    }

    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** The first of {@code n} consecutive free ports below the ephemeral range. */
    public static int freePortRange(int n) throws IOException {
        for (int attempt = 0; attempt < 200; attempt++) {
            int base = 20000 + (int) (Math.random() * 10000);
            boolean free = true;
            for (int p = base; p < base + n && free; p++) {
                try (ServerSocket socket = new ServerSocket(p, 1, InetAddress.getLoopbackAddress())) {
                    socket.setReuseAddress(true);
                } catch (IOException e) {
                    free = false;
                }
            }
            if (free) {
                return base;
            }
        }
        throw new IOException("no " + n + " consecutive free ports");
    }
}
