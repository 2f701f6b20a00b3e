package dev.nonstop.gateway.it;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A member on plain sockets that records exactly the bytes it receives, per connection. It answers
 * every request head without a body ({@code 200}, {@code content-length: 2}, keep-alive); a request
 * with a body gets, as soon as its head is in, the bytes it was told to send, or nothing: tests
 * look at what reached it.
 */
final class RecordingMember implements AutoCloseable {
    private static final byte[] OK =
            "HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\nok".getBytes(StandardCharsets.US_ASCII);

    /** One connection from the gateway. */
    static final class Connection {
        private final ByteArrayOutputStream received = new ByteArrayOutputStream();
        private volatile boolean closedByGateway;

        synchronized String received() {
            return received.toString(StandardCharsets.ISO_8859_1);
        }

        private synchronized void record(byte[] bytes, int n) {
            received.write(bytes, 0, n);
        }

        /** The gateway closed its side. */
        boolean closedByGateway() {
            return closedByGateway;
        }
    }

    private final byte[] answerToBodies;
    private final ServerSocket server;
    private final List<Connection> connections = new CopyOnWriteArrayList<>();
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();

    RecordingMember() throws IOException {
        this(null);
    }

    /** @param answerToBodies what to send once the head of a request with a body is in, or {@code null} */
    RecordingMember(String answerToBodies) throws IOException {
        this.answerToBodies = answerToBodies == null ? null : answerToBodies.getBytes(StandardCharsets.ISO_8859_1);
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().name("recording-member-accept").start(this::accept);
    }

    int port() {
        return server.getLocalPort();
    }

    List<Connection> connections() {
        return connections;
    }

    /** Everything received, on all connections, in connection order. */
    String received() {
        StringBuilder all = new StringBuilder();
        connections.forEach(c -> all.append(c.received()));
        return all.toString();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                sockets.add(socket);
                Connection connection = new Connection();
                connections.add(connection);
                Thread.ofVirtual().name("recording-member-read").start(() -> serve(socket, connection));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket socket, Connection connection) {
        byte[] buffer = new byte[8192];
        int answeredUpTo = 0;
        boolean body = false;
        try (socket) {
            InputStream in = socket.getInputStream();
            int n;
            while ((n = in.read(buffer)) >= 0) {
                connection.record(buffer, n);
                String all = connection.received();
                int headEnd;
                while (!body && (headEnd = all.indexOf("\r\n\r\n", answeredUpTo)) >= 0) {
                    String head = all.substring(answeredUpTo, headEnd).toLowerCase(Locale.ROOT);
                    // A body is recorded, never answered: no more heads are looked for on this connection.
                    body = head.contains("\ncontent-length:") || head.contains("\ntransfer-encoding:");
                    if (!body || answerToBodies != null) {
                        answeredUpTo = headEnd + 4;
                        socket.getOutputStream().write(body ? answerToBodies : OK);
                        socket.getOutputStream().flush();
                    }
                }
            }
            connection.closedByGateway = true;
        } catch (IOException e) {
            connection.closedByGateway = true;
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket socket : sockets) {
            socket.close();
        }
    }
}
