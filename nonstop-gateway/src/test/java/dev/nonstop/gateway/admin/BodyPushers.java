package dev.nonstop.gateway.admin;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An attacker without a token: a fixed number of connections that each send {@code POST} requests with a large
 * body, one after the other, as fast as the server takes them, and open a new connection whenever the server closes
 * one. Responses are read and thrown away. One thread and one selector, so it costs the machine little; it stops at
 * {@link #close()} or after its time limit, whichever comes first.
 */
final class BodyPushers implements AutoCloseable {
    private static final int CHUNK = 64 * 1024;

    private final InetSocketAddress target;
    private final int connections;
    private final byte[] head;
    private final long bodyBytes;
    private final long deadlineNanos;
    private final ByteBuffer body;
    private final ByteBuffer sink = ByteBuffer.allocateDirect(CHUNK);
    private final AtomicLong pushed = new AtomicLong();
    private final AtomicLong opened = new AtomicLong();
    private final AtomicLong pushingBodies = new AtomicLong();
    private final AtomicLong answered = new AtomicLong();
    private final Selector selector;
    private final Thread thread;
    private volatile boolean stopped;
    private volatile Throwable failure;

    /** Where one connection stands in its current request. */
    private static final class Pusher {
        long headSent;
        long bodySent;
        boolean pushedBody;
        boolean answered;
    }

    BodyPushers(InetSocketAddress target, int connections, long bodyBytes, Duration limit) {
        this.target = target;
        this.connections = connections;
        this.bodyBytes = bodyBytes;
        this.deadlineNanos = System.nanoTime() + limit.toNanos();
        this.head = ("POST /admin/table HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                        + "Content-Length: " + bodyBytes + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        this.body = ByteBuffer.allocateDirect(CHUNK);
        while (body.hasRemaining()) {
            body.put((byte) ' ');
        }
        body.flip();
        try {
            this.selector = Selector.open();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.thread = new Thread(this::run, "body-pushers");
        thread.setDaemon(true);
    }

    BodyPushers start() {
        thread.start();
        return this;
    }

    /** Bytes the kernel took from the pushers so far, heads and bodies. */
    long bytesPushed() {
        return pushed.get();
    }

    /** Connections that got to push body bytes, so far. */
    long connectionsPushingBodies() {
        return pushingBodies.get();
    }

    /** Connections on which the server answered (any byte), so far. */
    long connectionsAnswered() {
        return answered.get();
    }

    /** Connections opened so far, the first {@code connections} included. */
    long connectionsOpened() {
        return opened.get();
    }

    private void run() {
        try {
            for (int i = 0; i < connections; i++) {
                open();
            }
            while (!stopped && System.nanoTime() < deadlineNanos) {
                selector.select(100);
                for (SelectionKey key : selector.selectedKeys()) {
                    serve(key);
                }
                selector.selectedKeys().clear();
            }
        } catch (IOException | RuntimeException e) {
            failure = e;
        } finally {
            for (SelectionKey key : selector.keys()) {
                closeQuietly((SocketChannel) key.channel());
            }
            try {
                selector.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }

    private void open() throws IOException {
        SocketChannel channel = SocketChannel.open();
        channel.configureBlocking(false);
        channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
        channel.connect(target);
        channel.register(selector, SelectionKey.OP_CONNECT, new Pusher());
        opened.incrementAndGet();
    }

    private void serve(SelectionKey key) throws IOException {
        SocketChannel channel = (SocketChannel) key.channel();
        Pusher pusher = (Pusher) key.attachment();
        try {
            if (key.isConnectable()) {
                channel.finishConnect();
                key.interestOps(SelectionKey.OP_WRITE | SelectionKey.OP_READ);
                return;
            }
            if (key.isReadable()) {
                sink.clear();
                if (channel.read(sink) < 0) {
                    throw new IOException("closed by the server");
                }
                if (!pusher.answered && sink.position() > 0) {
                    pusher.answered = true;
                    answered.incrementAndGet();
                }
            }
            if (key.isValid() && key.isWritable()) {
                push(channel, pusher);
            }
        } catch (IOException closedByServer) {
            key.cancel();
            closeQuietly(channel);
            open();
        }
    }

    private void push(SocketChannel channel, Pusher pusher) throws IOException {
        if (pusher.headSent < head.length) {
            int n = channel.write(ByteBuffer.wrap(head, (int) pusher.headSent, head.length - (int) pusher.headSent));
            pusher.headSent += n;
            pushed.addAndGet(n);
            if (pusher.headSent < head.length) {
                return;
            }
        }
        ByteBuffer chunk = body.duplicate();
        chunk.limit((int) Math.min(CHUNK, bodyBytes - pusher.bodySent));
        int n = channel.write(chunk);
        pusher.bodySent += n;
        pushed.addAndGet(n);
        if (n > 0 && !pusher.pushedBody) {
            pusher.pushedBody = true;
            pushingBodies.incrementAndGet();
        }
        if (pusher.bodySent == bodyBytes) {
            pusher.headSent = 0;
            pusher.bodySent = 0;
        }
    }

    private static void closeQuietly(SocketChannel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // already gone
        }
    }

    /** Stops pushing and closes every connection; rethrows what broke the pushers, if anything did. */
    @Override
    public void close() throws InterruptedException {
        stopped = true;
        selector.wakeup();
        thread.join(10_000);
        if (failure != null) {
            throw new IllegalStateException("the body pushers failed", failure);
        }
    }
}
