package dev.nonstop.gateway.health;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.concurrent.Promise;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * One check of one member, sent straight to it (never through the proxy): an HTTP {@code GET}
 * that passes on 2xx or 3xx, or, when no path is given, a TCP connect. Completes with the outcome,
 * never with an exception.
 */
final class HealthProbe {
    private HealthProbe() {}

    /** @param path {@code null} for a TCP connect probe */
    static Promise<Boolean> run(
            EventLoop loop,
            Class<? extends Channel> channelType,
            InetSocketAddress address,
            String hostHeader,
            String path,
            Duration timeout) {
        Promise<Boolean> result = loop.newPromise();
        if (address.isUnresolved()) {
            result.setSuccess(false);
            return result;
        }
        Bootstrap bootstrap = new Bootstrap()
                .group(loop)
                .channel(channelType)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.max(1, timeout.toMillis()))
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        if (path != null) {
                            ch.pipeline().addLast(new HttpClientCodec()).addLast(new StatusHandler(result));
                        }
                    }
                });
        ChannelFuture connect = bootstrap.connect(address);
        ScheduledFuture<?> deadline = loop.schedule(
                () -> {
                    if (result.trySuccess(false)) {
                        connect.channel().close();
                    }
                },
                timeout.toNanos(),
                TimeUnit.NANOSECONDS);
        result.addListener(f -> {
            deadline.cancel(false);
            connect.channel().close();
        });
        connect.addListener((ChannelFuture f) -> {
            if (!f.isSuccess()) {
                result.trySuccess(false);
            } else if (path == null) {
                result.trySuccess(true);
            } else {
                DefaultFullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, path);
                request.headers()
                        .set(HttpHeaderNames.HOST, hostHeader)
                        .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE)
                        .set(HttpHeaderNames.USER_AGENT, "nonstop-health-check")
                        .setInt(HttpHeaderNames.CONTENT_LENGTH, 0);
                f.channel().writeAndFlush(request);
            }
        });
        return result;
    }

    /** Completes the probe on the response status; the body is not read. */
    private static final class StatusHandler extends SimpleChannelInboundHandler<HttpObject> {
        private final Promise<Boolean> result;

        StatusHandler(Promise<Boolean> result) {
            this.result = result;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, HttpObject msg) {
            if (msg instanceof HttpResponse response) {
                int code = response.status().code();
                result.trySuccess(code >= 200 && code < 400);
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            result.trySuccess(false);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            result.trySuccess(false);
            ctx.close();
        }
    }
}
