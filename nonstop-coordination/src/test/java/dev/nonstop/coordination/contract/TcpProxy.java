package dev.nonstop.coordination.contract;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A loopback TCP proxy in front of a store that a test can cut: every connection through it is
 * closed and new ones are closed on arrival until {@link #restore()}. A network partition between
 * one client and the store, without touching the store or its other clients. It can also black-hole
 * the traffic ({@link #blackHole()}): connections stay open but nothing passes either way until
 * {@link #restore()}, which delivers what was held back, in order (a stalled network that recovers).
 */
public final class TcpProxy implements AutoCloseable {

    private final InetSocketAddress target;
    private final ServerSocket listener;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private volatile boolean cut;
    private final Object flow = new Object();
    private boolean blackHoled; // guarded by flow

    private TcpProxy(InetSocketAddress target) throws IOException {
        this.target = target;
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().name("tcp-proxy-accept").start(this::acceptLoop);
    }

    public static TcpProxy start(InetSocketAddress target) throws IOException {
        return new TcpProxy(target);
    }

    public InetSocketAddress address() {
        return new InetSocketAddress(listener.getInetAddress(), listener.getLocalPort());
    }

    /** Closes every connection and refuses new ones. */
    public void cut() {
        cut = true;
        open.forEach(TcpProxy::closeQuietly);
    }

    /** Holds back every byte either way, on open and new connections, until {@link #restore()}. */
    public void blackHole() {
        synchronized (flow) {
            blackHoled = true;
        }
    }

    /** Lets traffic through again, held-back bytes first. */
    public void restore() {
        cut = false;
        synchronized (flow) {
            blackHoled = false;
            flow.notifyAll();
        }
    }

    private void awaitFlowing() throws IOException {
        synchronized (flow) {
            while (blackHoled && !listener.isClosed()) {
                try {
                    flow.wait(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted while black-holed", e);
                }
            }
        }
    }

    private void acceptLoop() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                if (cut) {
                    closeQuietly(client);
                    continue;
                }
                Socket server = new Socket(target.getAddress(), target.getPort());
                open.add(client);
                open.add(server);
                Thread.ofVirtual().start(() -> pump(client, server));
                Thread.ofVirtual().start(() -> pump(server, client));
            } catch (IOException e) {
                // Listener closed, or the store refused: the client sees a closed connection.
            }
        }
    }

    private void pump(Socket from, Socket to) {
        byte[] buffer = new byte[16 * 1024];
        try (InputStream in = from.getInputStream();
                OutputStream out = to.getOutputStream()) {
            for (int n; (n = in.read(buffer)) >= 0; ) {
                awaitFlowing();
                out.write(buffer, 0, n);
                out.flush();
            }
        } catch (IOException e) {
            // One side went away.
        } finally {
            closeQuietly(from);
            closeQuietly(to);
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // Already closed.
        }
    }

    @Override
    public void close() throws IOException {
        listener.close();
        cut();
        synchronized (flow) {
            flow.notifyAll();
        }
    }
}
