package dev.nonstop.bench.locks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;

/** A single-member etcd on 127.0.0.1, ephemeral ports, a temporary data directory deleted on close. */
final class EtcdServer implements AutoCloseable {

    private final Process process;
    private final Path dataDir;
    private final int clientPort;

    private EtcdServer(Process process, Path dataDir, int clientPort) {
        this.process = process;
        this.dataDir = dataDir;
        this.clientPort = clientPort;
    }

    static EtcdServer start(Path binary) throws IOException {
        Path dataDir = Files.createTempDirectory("nonstop-bench-etcd-");
        int clientPort = freePort();
        String client = "http://127.0.0.1:" + clientPort;
        String peer = "http://127.0.0.1:" + freePort();
        Process process = new ProcessBuilder(List.of(
                        binary.toString(),
                        "--name",
                        "bench",
                        "--data-dir",
                        dataDir.resolve("data").toString(),
                        "--listen-client-urls",
                        client,
                        "--advertise-client-urls",
                        client,
                        "--listen-peer-urls",
                        peer,
                        "--initial-advertise-peer-urls",
                        peer,
                        "--initial-cluster",
                        "bench=" + peer,
                        "--log-level",
                        "warn"))
                .redirectErrorStream(true)
                .redirectOutput(dataDir.resolve("etcd.log").toFile())
                .start();
        EtcdServer etcd = new EtcdServer(process, dataDir, clientPort);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!accepts(clientPort)) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                String log = Files.readString(dataDir.resolve("etcd.log"));
                etcd.close();
                throw new IOException("etcd did not start on " + client + ": " + log);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
        }
        return etcd;
    }

    String endpoint() {
        return "http://127.0.0.1:" + clientPort;
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        try (Stream<Path> files = Files.walk(dataDir)) {
            files.sorted(Comparator.reverseOrder())
                    .forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException("could not delete " + dataDir, e);
        }
    }

    static boolean accepts(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket probe = new ServerSocket(0)) {
            return probe.getLocalPort();
        }
    }
}
