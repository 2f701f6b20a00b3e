package dev.nonstop.testing.upstream.internal;

import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.io.PrintStream;
import java.util.Objects;
import java.util.concurrent.atomic.LongAdder;

/**
 * What all connections of one upstream share: its id, the health flag, the stopping flag, the open
 * connections and the request counter. Thread-safe.
 */
public final class UpstreamState {
    private final String id;
    private final boolean printRequestIds;
    private final PrintStream out;
    private final BenchResponse bench;
    private final ChannelGroup connections = new DefaultChannelGroup("upstream", GlobalEventExecutor.INSTANCE);
    private final LongAdder requests = new LongAdder();
    private volatile boolean healthy = true;
    private volatile boolean stopping;

    public UpstreamState(String id, boolean printRequestIds, PrintStream out) {
        this.id = Objects.requireNonNull(id, "id");
        this.printRequestIds = printRequestIds;
        this.out = Objects.requireNonNull(out, "out");
        this.bench = new BenchResponse(id);
    }

    public String id() {
        return id;
    }

    BenchResponse bench() {
        return bench;
    }

    public ChannelGroup connections() {
        return connections;
    }

    public boolean healthy() {
        return healthy;
    }

    public void healthy(boolean value) {
        healthy = value;
    }

    public boolean stopping() {
        return stopping;
    }

    public void startStopping() {
        stopping = true;
    }

    public long requests() {
        return requests.sum();
    }

    /**
     * Counts a request and, when it carries a request id, prints {@code RECV <id>} and flushes, so
     * that a process killed right after still shows which requests reached it.
     */
    void requestReceived(String requestId) {
        requests.increment();
        if (requestId != null && printRequestIds) {
            synchronized (out) {
                out.println("RECV " + requestId);
                out.flush();
            }
        }
    }
}
