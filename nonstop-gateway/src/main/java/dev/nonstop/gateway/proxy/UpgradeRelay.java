package dev.nonstop.gateway.proxy;

import dev.nonstop.gateway.balancing.MemberHandle;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;

/**
 * An upgraded connection (a {@code 101 Switching Protocols} answer, a WebSocket say): raw bytes
 * relayed both ways between the client and the member until either side closes, reading from the
 * client only while the member's connection takes more. The {@link Exchange} it belongs to keeps
 * counting it open and closes both connections when it ends.
 *
 * <p>Runs on the client connection's event loop, as its exchange does.
 */
final class UpgradeRelay {
    private final ChannelHandlerContext client;
    private final Channel upstream;
    private final MemberHandle member;
    private final long startNanos;
    private boolean readWhenUpstreamWritable;

    /**
     * @param readWhenUpstreamWritable the client's reads wait for the member's connection already
     * @param startNanos when the exchange began, for the member's latency of the whole connection
     */
    UpgradeRelay(
            ChannelHandlerContext client,
            Channel upstream,
            MemberHandle member,
            long startNanos,
            boolean readWhenUpstreamWritable) {
        this.client = client;
        this.upstream = upstream;
        this.member = member;
        this.startNanos = startNanos;
        this.readWhenUpstreamWritable = readWhenUpstreamWritable;
    }

    /** Switches both connections to raw bytes: the HTTP decoders come out of both pipelines. */
    void start(FrontendHandler front, BackendHandler backend) {
        member.stats().upgradeStarted();
        backend.upgraded();
        front.upgraded();
        upstream.read();
    }

    void toUpstream(ByteBuf bytes) {
        if (!ProxyContext.isOpen(upstream)) {
            bytes.release();
            return;
        }
        upstream.writeAndFlush(bytes);
        if (upstream.isWritable()) {
            client.read();
        } else {
            readWhenUpstreamWritable = true;
        }
    }

    void toClient(ByteBuf bytes) {
        client.write(bytes);
    }

    void upstreamWritable() {
        if (readWhenUpstreamWritable) {
            readWhenUpstreamWritable = false;
            client.read();
        }
    }

    /** Either side closed: the member's counters for the connection. */
    void ended() {
        member.stats().upgradeEnded();
        member.stats().requestFinished(101, System.nanoTime() - startNanos);
    }
}
