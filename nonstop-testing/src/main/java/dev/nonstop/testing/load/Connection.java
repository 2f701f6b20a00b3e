package dev.nonstop.testing.load;

import java.io.Closeable;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.time.Duration;

/**
 * One client connection: a blocking socket (a {@link SocketChannel} in blocking mode, used through
 * its {@link Socket} streams so that the read timeout applies) and the reader of its responses.
 */
final class Connection implements Closeable {
    private final SocketChannel channel;
    private final ResponseReader reader;
    private final ByteBuffer probe = ByteBuffer.allocate(1);

    private Connection(SocketChannel channel) throws IOException {
        this.channel = channel;
        this.reader = new ResponseReader(channel.socket().getInputStream());
    }

    /** Connects; throws as {@link Socket#connect(java.net.SocketAddress, int)} does. */
    static Connection open(InetSocketAddress target, Duration connectTimeout, Duration readTimeout) throws IOException {
        SocketChannel channel = SocketChannel.open();
        try {
            Socket socket = channel.socket();
            socket.setTcpNoDelay(true);
            socket.setSoTimeout(Math.toIntExact(readTimeout.toMillis()));
            socket.connect(target, Math.toIntExact(connectTimeout.toMillis()));
            return new Connection(channel);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /**
     * Whether the server closed (or reset) this connection while it was idle, or sent bytes nobody
     * asked for (such as a 408 before closing): a non-blocking look that does not wait. A connection
     * for which this is true must not carry a request.
     */
    boolean closedWhileIdle() {
        if (reader.hasBufferedBytes()) {
            return true;
        }
        try {
            channel.configureBlocking(false);
            try {
                probe.clear();
                return channel.read(probe) != 0;
            } finally {
                channel.configureBlocking(true);
            }
        } catch (IOException e) {
            return true;
        }
    }

    /** Writes all of {@code head} then all of {@code body}. */
    void write(byte[] head, byte[] body) throws IOException {
        ByteBuffer[] buffers = {ByteBuffer.wrap(head), ByteBuffer.wrap(body)};
        while (buffers[0].hasRemaining() || buffers[1].hasRemaining()) {
            channel.write(buffers);
        }
    }

    ResponseHead readResponse(boolean headRequest) throws IOException {
        return reader.read(headRequest);
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException e) {
            // nothing left to do with it
        }
    }
}
