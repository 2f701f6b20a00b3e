package dev.nonstop.testing.upstream.internal;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.stream.ChunkedInput;

/**
 * A body of {@code chunks} chunks of {@code size} bytes each, the letters {@code a..z} repeated,
 * produced on demand so that {@code ChunkedWriteHandler} writes it at the pace the client reads.
 */
final class PatternChunks implements ChunkedInput<ByteBuf> {
    private final byte[] chunk;
    private final int chunks;
    private int produced;

    PatternChunks(int chunks, int size) {
        this.chunks = chunks;
        this.chunk = new byte[size];
        for (int i = 0; i < size; i++) {
            chunk[i] = (byte) ('a' + i % 26);
        }
    }

    @Override
    public boolean isEndOfInput() {
        return produced >= chunks;
    }

    @Override
    public void close() {}

    @Deprecated
    @Override
    public ByteBuf readChunk(ChannelHandlerContext ctx) {
        return readChunk(ctx.alloc());
    }

    @Override
    public ByteBuf readChunk(ByteBufAllocator allocator) {
        if (isEndOfInput()) {
            return null;
        }
        produced++;
        return allocator.buffer(chunk.length).writeBytes(chunk);
    }

    @Override
    public long length() {
        return (long) chunks * chunk.length;
    }

    @Override
    public long progress() {
        return (long) produced * chunk.length;
    }
}
