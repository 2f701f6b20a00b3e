package dev.nonstop.gateway.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.util.ReferenceCountUtil;
import java.util.List;

/**
 * Second handler of a client connection (after the connection's timeouts): frames the byte
 * stream into {@link RequestHead}s and {@link BodyPart}s, without decoding header lines into maps.
 * A head that cannot be parsed becomes a {@link RequestHead#failed failed head} (status 400, 414 or
 * 431) and everything after it is dropped: the connection is answered and closed.
 *
 * <p>Bodies: Content-Length bodies are passed on as they arrive; a single {@code chunked} transfer
 * coding is framed by a {@link ChunkedBodyDecoder}. A framing violation in body bytes that arrived
 * together with the head fails the head (400, nothing forwarded); one that arrives later ends the
 * body with a {@link MalformedBody}, after which nothing is decoded. A head with
 * both Content-Length and Transfer-Encoding fails (request smuggling); one with another transfer
 * coding is passed on for {@link RequestChecks} to refuse, and nothing after it is decoded.
 *
 * <p>After a request that asks for a protocol upgrade the decoder pauses: bytes the client sends
 * behind it stay buffered, and go to the next handler raw when this decoder is removed after
 * a {@code 101}, or are decoded as HTTP after {@link #resume()}.
 */
public final class RequestDecoder extends ByteToMessageDecoder {
    private enum State {
        HEAD,
        FIXED,
        CHUNKED,
        PAUSED,
        BAD
    }

    private final int maxLineLength;
    private final int maxHeaderSize;
    private ChannelHandlerContext ctx;
    private State state = State.HEAD;
    /** Bytes of the current head scanned so far without finding its end. */
    private int scanned;
    /** Length of the current head's request line with its CRLF, once seen; else -1. */
    private int firstLine = -1;

    private long remaining;
    private ChunkedBodyDecoder chunked;
    private boolean pauseAfterBody;

    public RequestDecoder(int maxLineLength, int maxHeaderSize) {
        this.maxLineLength = maxLineLength;
        this.maxHeaderSize = maxHeaderSize;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        switch (state) {
            case HEAD -> head(in, out);
            case FIXED -> {
                int n = (int) Math.min(remaining, in.readableBytes());
                if (n > 0) {
                    remaining -= n;
                    boolean last = remaining == 0;
                    out.add(new BodyPart(in.readRetainedSlice(n), n, last));
                    if (last) {
                        endOfMessage();
                    }
                }
            }
            case CHUNKED -> {
                int first = out.size();
                try {
                    if (chunked.decode(ctx.alloc(), in, out)) {
                        chunked = null;
                        endOfMessage();
                    }
                } catch (MalformedHeadException e) {
                    // Whole chunks of this read before the bad one are dropped too: the request
                    // cannot be completed, so nothing more of it goes to the member.
                    releaseFrom(out, first);
                    state = State.BAD;
                    in.skipBytes(in.readableBytes());
                    out.add(new MalformedBody(e.getMessage()));
                }
            }
            case PAUSED -> {
                // Left buffered: raw bytes of an upgraded connection, or the next request.
            }
            case BAD -> in.skipBytes(in.readableBytes());
        }
    }

    private void head(ByteBuf in, List<Object> out) {
        int r = in.readerIndex();
        int w = in.writerIndex();
        if (scanned == 0) {
            // Empty lines before a request line are ignored (RFC 9112 section 2.2).
            if (!HeadScanner.skipEmptyLines(in)) {
                return;
            }
            r = in.readerIndex();
        }
        int end = HeadScanner.endOfHead(in, r + scanned, w);
        int headEnd = end < 0 ? -end - 1 : end;
        if (firstLine < 0 && headEnd > r) {
            firstLine = in.indexOf(r, headEnd, (byte) '\n') + 1 - r;
        }
        if (firstLine < 0 ? w - r > maxLineLength + 2 : firstLine - 2 > maxLineLength) {
            fail(in, out, new MalformedHeadException(HttpResponseStatus.REQUEST_URI_TOO_LONG, "request line too long"));
            return;
        }
        if (firstLine >= 0 && (end < 0 ? w : end) - r - firstLine > maxHeaderSize + 2) {
            fail(
                    in,
                    out,
                    new MalformedHeadException(
                            HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE, "request headers too large"));
            return;
        }
        if (end < 0) {
            scanned = headEnd - r;
            return;
        }
        byte[] bytes = new byte[end - r];
        in.readBytes(bytes);
        scanned = 0;
        firstLine = -1;
        RequestHead head;
        try {
            head = RequestHead.parse(bytes, maxLineLength);
        } catch (MalformedHeadException e) {
            fail(in, out, e);
            return;
        }
        pauseAfterBody = head.upgradeRequested();
        if (head.hasTransferEncoding()) {
            if (head.contentLength() >= 0) {
                fail(
                        in,
                        out,
                        new MalformedHeadException(
                                HttpResponseStatus.BAD_REQUEST, "both Content-Length and Transfer-Encoding"));
                return;
            }
            if (head.singleChunkedCoding()) {
                chunked = new ChunkedBodyDecoder(true, false, maxHeaderSize);
                state = State.CHUNKED;
                chunkedWithHead(in, out, head);
                return;
            } else {
                // Refused by RequestChecks; the body cannot be framed, so nothing more is read.
                state = State.BAD;
            }
        } else if (head.contentLength() > 0) {
            remaining = head.contentLength();
            state = State.FIXED;
        } else {
            endOfMessage();
        }
        out.add(head);
    }

    /**
     * Passes on a chunked request's head, framing first whatever of its body came with it: a
     * violation there (a bad chunk size, say) fails the head, so nothing of the request is forwarded.
     */
    private void chunkedWithHead(ByteBuf in, List<Object> out, RequestHead head) {
        int first = out.size();
        out.add(head);
        if (!in.isReadable()) {
            return;
        }
        try {
            if (chunked.decode(ctx.alloc(), in, out)) {
                chunked = null;
                endOfMessage();
            }
        } catch (MalformedHeadException e) {
            releaseFrom(out, first);
            chunked = null;
            fail(
                    in,
                    out,
                    new MalformedHeadException(
                            HttpResponseStatus.BAD_REQUEST, "malformed chunked body: " + e.getMessage()));
        }
    }

    private static void releaseFrom(List<Object> out, int first) {
        while (out.size() > first) {
            ReferenceCountUtil.release(out.remove(out.size() - 1));
        }
    }

    private void fail(ByteBuf in, List<Object> out, MalformedHeadException failure) {
        state = State.BAD;
        in.skipBytes(in.readableBytes());
        out.add(RequestHead.failed(failure));
    }

    private void endOfMessage() {
        state = pauseAfterBody ? State.PAUSED : State.HEAD;
    }

    /** The upgrade asked for did not happen: decode what the client sent behind it as HTTP again. */
    public void resume() {
        if (state != State.PAUSED) {
            return;
        }
        state = State.HEAD;
        if (actualReadableBytes() > 0) {
            channelRead(ctx, Unpooled.EMPTY_BUFFER);
        }
    }

    public boolean paused() {
        return state == State.PAUSED;
    }

    /** Overridden so that {@link #resume()} can call it: a failure goes down the pipeline as usual. */
    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            super.channelRead(ctx, msg);
        } catch (Exception e) {
            ctx.fireExceptionCaught(e);
        }
    }
}
