package dev.nonstop.coordination.etcd;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A single-member etcd on 127.0.0.1 with ephemeral ports and a temporary data directory, run from
 * Debian's {@code etcd-server} package ({@code /usr/bin/etcd}, or {@code -Dnonstop.it.etcd.binary}).
 * Shipped in this module's test-jar for other modules' tests on etcd leases.
 */
public final class EtcdProcess implements AutoCloseable {

    private final Path binary;
    private final Path dataDir;
    private final int clientPort;
    private final int peerPort;
    private Process process;

    private EtcdProcess(Path binary, Path dataDir, int clientPort, int peerPort) {
        this.binary = binary;
        this.dataDir = dataDir;
        this.clientPort = clientPort;
        this.peerPort = peerPort;
    }

    /** Starts etcd, or fails the test with what to install. */
    public static EtcdProcess start() throws IOException {
        Path binary = Path.of(System.getProperty("nonstop.it.etcd.binary", "/usr/bin/etcd"));
        if (!Files.isExecutable(binary)) {
            fail("etcd is not installed at " + binary
                    + ": install Debian's etcd-server package (apt-get install -y etcd-server)"
                    + " or point -Dnonstop.it.etcd.binary at an etcd 3.4+ binary");
        }
        EtcdProcess etcd = new EtcdProcess(binary, Files.createTempDirectory("nonstop-etcd-"), freePort(), freePort());
        etcd.launch();
        return etcd;
    }

    public String endpoint() {
        return "http://127.0.0.1:" + clientPort;
    }

    /** Stops etcd with SIGTERM and starts it again on the same ports and data. */
    void restart() throws IOException, InterruptedException {
        stop();
        launch();
    }

    private void launch() throws IOException {
        String peer = "http://127.0.0.1:" + peerPort;
        process = new ProcessBuilder(List.of(
                        binary.toString(),
                        "--name",
                        "nonstop-it",
                        "--data-dir",
                        dataDir.toString(),
                        "--listen-client-urls",
                        endpoint(),
                        "--advertise-client-urls",
                        endpoint(),
                        "--listen-peer-urls",
                        peer,
                        "--initial-advertise-peer-urls",
                        peer,
                        "--initial-cluster",
                        "nonstop-it=" + peer,
                        "--logger",
                        "zap",
                        "--log-level",
                        "warn"))
                .redirectErrorStream(true)
                .redirectOutput(
                        dataDir.resolveSibling(dataDir.getFileName() + ".log").toFile())
                .start();
        await("etcd answering on " + endpoint())
                .atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(50))
                .until(() -> {
                    if (!process.isAlive()) {
                        fail("etcd exited with " + process.exitValue() + "; see " + dataDir + ".log");
                    }
                    return accepts(clientPort);
                });
    }

    private void stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            stop();
        }
    }

    private static boolean accepts(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket probe = new ServerSocket(0)) {
            return probe.getLocalPort();
        }
    }
}
