package dev.nonstop.gateway.http;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.Arrays;
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
public final class ResponseDecoder extends ByteToMessageDecoder {
    private static final int MAX_HEAD_SIZE = 8192 + 64 * 1024;
    private static final int MAX_TRAILER_SIZE = 64 * 1024;
    /** A body up to this size that arrived with its head travels in the head's array. */
    private static final int MAX_INLINE_BODY = 2048;

    private static final byte[] CONTENT_LENGTH_COLON = HeaderFields.ascii("\ncontent-length:");

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
    public void expect(boolean headRequest, boolean upgradeRequested, boolean dechunk) {
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
            if (!HeadScanner.skipEmptyLines(in)) {
                return;
            }
            r = in.readerIndex();
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
        scanned = 0;
        int headLength = end - r;
        int inline = inlineBody(in, end, w);
        byte[] bytes = new byte[headLength + inline];
        in.readBytes(bytes);
        ResponseHead head = ResponseHead.parse(bytes, headLength);
        if (inline > 0
                && (head.code() < 200
                        || head.code() == 204
                        || head.code() == 304
                        || head.hasTransferEncoding()
                        || head.contentLength() != inline)) {
            // Not its body after all: keep the head alone and leave the bytes where they were.
            in.readerIndex(in.readerIndex() - inline);
            head = ResponseHead.parse(Arrays.copyOf(bytes, headLength));
        }
        out.add(head);
        if (head.inlineBodyLength() > 0) {
            out.add(BodyPart.EMPTY_LAST);
            return;
        }
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

    /**
     * How many bytes after the head ending at {@code end} are its whole body, when that body is
     * small and already here; 0 otherwise. A quick look for the Content-Length, which {@link
     * ResponseHead} then checks.
     */
    private int inlineBody(ByteBuf in, int end, int w) {
        int available = w - end;
        if (available <= 0 || headRequest) {
            return 0;
        }
        int at = indexOfLineStart(in, in.readerIndex(), end, CONTENT_LENGTH_COLON);
        if (at < 0) {
            return 0;
        }
        int p = at + CONTENT_LENGTH_COLON.length;
        while (p < end && (in.getByte(p) == ' ' || in.getByte(p) == '\t')) {
            p++;
        }
        long length = 0;
        int digits = 0;
        while (p < end && in.getByte(p) >= '0' && in.getByte(p) <= '9' && digits < 6) {
            length = length * 10 + (in.getByte(p++) - '0');
            digits++;
        }
        return digits > 0 && length <= MAX_INLINE_BODY && length <= available ? (int) length : 0;
    }

    /** Where "\n" + a line starting with {@code lower} (ignoring case) is in {@code in[from, to)}, or -1. */
    private static int indexOfLineStart(ByteBuf in, int from, int to, byte[] lower) {
        int last = to - lower.length;
        for (int i = in.indexOf(from, to, (byte) '\n'); i >= 0 && i <= last; i = in.indexOf(i + 1, to, (byte) '\n')) {
            int j = 1;
            while (j < lower.length && (in.getByte(i + j) | 0x20) == lower[j]) {
                j++;
            }
            if (j == lower.length) {
                return i;
            }
        }
        return -1;
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
