package dev.nonstop.testing.upstream.internal;

import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.stream.ChunkedWriteHandler;
import io.netty.handler.timeout.IdleStateHandler;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The pipeline of an accepted connection: {@code idle} (only with an idle timeout) → {@code http}
 * ({@link HttpServerCodec}) → {@code chunked-writer} ({@link ChunkedWriteHandler}, for streamed
 * bodies) → {@code upstream} ({@link UpstreamHandler}).
 */
public final class UpstreamChannelInitializer extends ChannelInitializer<Channel> {
    private final UpstreamState state;
    private final Duration idleTimeout;

    public UpstreamChannelInitializer(UpstreamState state, Duration idleTimeout) {
        this.state = state;
        this.idleTimeout = idleTimeout;
    }

    @Override
    protected void initChannel(Channel ch) {
        state.connections().add(ch);
        ChannelPipeline pipeline = ch.pipeline();
        if (!idleTimeout.isZero()) {
            pipeline.addLast("idle", new IdleStateHandler(0, 0, idleTimeout.toMillis(), TimeUnit.MILLISECONDS));
        }
        pipeline.addLast("http", new HttpServerCodec());
        pipeline.addLast("chunked-writer", new ChunkedWriteHandler());
        pipeline.addLast("upstream", new UpstreamHandler(state));
    }
}
