package dev.nonstop.gateway.proxy;

import dev.nonstop.gateway.http.BodyPart;
import dev.nonstop.gateway.http.ResponseDecoder;
import dev.nonstop.gateway.http.ResponseHead;
import dev.nonstop.gateway.stats.MemberStats;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;

/**
 * Last handler of an upstream connection (after the {@link ResponseDecoder}). Hands responses to the
 * {@link Exchange} bound to the connection; while the connection is idle in the pool it has no
 * exchange, and anything it receives other than a close is a protocol error that closes it.
 */
final class BackendHandler extends ChannelInboundHandlerAdapter {
    private final ProxyContext proxy;
    private ChannelHandlerContext ctx;
    private ResponseDecoder decoder;
    private Exchange exchange;
    private MemberStats stats;
    private InetSocketAddress address;
    private boolean relaying;
    private LazyTimeout responseTimeout;
    private LazyTimeout idleTimeout;

    BackendHandler(ProxyContext proxy) {
        this.proxy = proxy;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        this.decoder = (ResponseDecoder) ctx.pipeline().get(BackendChannelInitializer.DECODER);
        this.responseTimeout = new LazyTimeout(ctx.executor(), () -> {
            Exchange owner = exchange;
            if (owner != null) {
                owner.responseTimedOut();
            }
        });
        this.idleTimeout = new LazyTimeout(ctx.executor(), () -> {
            if (exchange == null) {
                ctx.close();
            }
        });
    }

    /** The connection waits in the pool; it is closed when it waits longer than {@code nanos}. */
    void parked(long nanos) {
        idleTimeout.arm(nanos);
    }

    /** The request went out: the response head must come within {@code nanos}. */
    void armResponseTimeout(long nanos) {
        responseTimeout.arm(nanos);
    }

    void disarmResponseTimeout() {
        responseTimeout.disarm();
    }

    /** The connection is open to this member; called once, before the first {@link #bind}. */
    void connected(MemberStats memberStats, InetSocketAddress memberAddress) {
        this.stats = memberStats;
        this.address = memberAddress;
    }

    void bind(Exchange owner) {
        this.exchange = owner;
        idleTimeout.disarm();
    }

    /** Tells the decoder what the request about to be written asked for. */
    void expectResponse(boolean headRequest, boolean upgradeRequested, boolean dechunk) {
        decoder.expect(headRequest, upgradeRequested, dechunk);
    }

    void unbind() {
        this.exchange = null;
        responseTimeout.disarm();
    }

    /** Removes the decoder after a 101: from now on bytes are relayed as they come. */
    void upgraded() {
        relaying = true;
        ctx.pipeline().remove(decoder);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        Exchange owner = exchange;
        if (owner == null) {
            ReferenceCountUtil.release(msg);
            ctx.close();
            return;
        }
        if (relaying) {
            owner.relayToClient((ByteBuf) msg);
        } else if (msg instanceof BodyPart part) {
            owner.onResponseContent(part);
        } else if (msg instanceof ResponseHead head) {
            owner.onResponseHead(head);
        } else {
            ReferenceCountUtil.release(msg);
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        Exchange owner = exchange;
        if (owner != null) {
            owner.upstreamReadComplete();
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        Exchange owner = exchange;
        if (owner != null && ctx.channel().isWritable()) {
            owner.upstreamWritable();
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        responseTimeout.cancel();
        idleTimeout.cancel();
        if (stats != null) {
            stats.connectionClosed();
        }
        Exchange owner = exchange;
        exchange = null;
        if (owner != null) {
            owner.onUpstreamClosed(null);
        } else if (address != null) {
            proxy.loop(ctx.executor()).pool().remove(address, ctx.channel());
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        Exchange owner = exchange;
        exchange = null;
        if (owner != null) {
            owner.onUpstreamClosed(cause);
        }
        ctx.close();
    }
}
