package dev.nonstop.gateway.proxy;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.List;

/**
 * First handler of an upstream connection: frames the member's bytes into {@link ResponseHead}s
 * and {@link BodyPart}s, without decoding header lines into maps. Before each request the exchange
 * says what it asked ({@link #expect}): a response to {@code HEAD} has no body, a {@code 101} to
 * an upgrade request ends HTTP on the connection (the bytes after it stay buffered until this
 * decoder is removed, then go on raw), and an HTTP/1.0 client needs a chunked body without its
 * chunk framing.
 *
 * <p>Body framing follows RFC 9112 section 6.3: none for 1xx, 204, 304 and responses to {@code
 * HEAD}; chunked when the last transfer coding is chunked; Content-Length; otherwise until the
 * member closes. Invalid framing fails the connection ({@link DecoderException}).
 */
final class ResponseDecoder extends ByteToMessageDecoder {
    private static final int MAX_HEAD_SIZE = 8192 + 64 * 1024;
    private static final int MAX_TRAILER_SIZE = 64 * 1024;

    private enum State {
        HEAD,
        FIXED,
        CHUNKED,
        UNTIL_CLOSE,
        UPGRADED,
        BAD
    }

    private State state = State.HEAD;
    private boolean headRequest;
    private boolean upgradeRequested;
    private boolean dechunk;
    private int scanned;
    private long remaining;
    private ChunkedBodyDecoder chunked;

    /** Called before a request is written on this connection. */
    void expect(boolean headRequest, boolean upgradeRequested, boolean dechunk) {
        this.headRequest = headRequest;
        this.upgradeRequested = upgradeRequested;
        this.dechunk = dechunk;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        try {
            switch (state) {
                case HEAD -> head(in, out);
                case FIXED -> {
                    int n = (int) Math.min(remaining, in.readableBytes());
                    if (n > 0) {
                        remaining -= n;
                        boolean last = remaining == 0;
                        out.add(new BodyPart(in.readRetainedSlice(n), n, last));
                        if (last) {
                            state = State.HEAD;
                        }
                    }
                }
                case CHUNKED -> {
                    if (chunked.decode(ctx.alloc(), in, out)) {
                        chunked = null;
                        state = State.HEAD;
                    }
                }
                case UNTIL_CLOSE -> {
                    int n = in.readableBytes();
                    if (n > 0) {
                        out.add(new BodyPart(in.readRetainedSlice(n), n, false));
                    }
                }
                case UPGRADED -> {
                    // Left buffered for the relay.
                }
                case BAD -> in.skipBytes(in.readableBytes());
            }
        } catch (MalformedHeadException e) {
            state = State.BAD;
            in.skipBytes(in.readableBytes());
            throw new DecoderException(e.getMessage());
        }
    }

    private void head(ByteBuf in, List<Object> out) {
        int r = in.readerIndex();
        int w = in.writerIndex();
        if (scanned == 0) {
            while (r < w && (in.getByte(r) == '\r' || in.getByte(r) == '\n')) {
                r++;
            }
            in.readerIndex(r);
            if (r == w) {
                return;
            }
        }
        int end = HeadScanner.endOfHead(in, r + scanned, w);
        if (end < 0) {
            if (w - r > MAX_HEAD_SIZE) {
                throw new MalformedHeadException(HttpResponseStatus.BAD_GATEWAY, "malformed response (head too large)");
            }
            scanned = -end - 1 - r;
            return;
        }
        if (end - r > MAX_HEAD_SIZE) {
            throw new MalformedHeadException(HttpResponseStatus.BAD_GATEWAY, "malformed response (head too large)");
        }
        byte[] bytes = new byte[end - r];
        in.readBytes(bytes);
        scanned = 0;
        ResponseHead head = ResponseHead.parse(bytes);
        out.add(head);
        int code = head.code();
        if (code == 101 && upgradeRequested) {
            state = State.UPGRADED;
        } else if (code >= 100 && code < 200) {
            // Informational: the final response follows.
        } else if (headRequest || code == 204 || code == 304) {
            out.add(BodyPart.EMPTY_LAST);
        } else if (head.chunked()) {
            chunked = new ChunkedBodyDecoder(false, dechunk, MAX_TRAILER_SIZE);
            state = State.CHUNKED;
        } else if (head.delimitedByClose()) {
            state = State.UNTIL_CLOSE;
        } else if (head.contentLength() == 0) {
            out.add(BodyPart.EMPTY_LAST);
        } else {
            remaining = head.contentLength();
            state = State.FIXED;
        }
    }

    @Override
    protected void decodeLast(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (in.isReadable()) {
            decode(ctx, in, out);
        }
        if (state == State.UNTIL_CLOSE) {
            state = State.BAD;
            out.add(BodyPart.EMPTY_LAST);
        }
    }
}
