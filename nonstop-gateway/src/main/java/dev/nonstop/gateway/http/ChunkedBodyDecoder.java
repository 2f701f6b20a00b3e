package dev.nonstop.gateway.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.util.List;

/**
 * Frames one chunked body (RFC 9112 section 7.1) into {@link BodyPart}s, for {@link RequestDecoder}
 * and {@link ResponseDecoder}. Every part is whole chunks: a chunk that arrived whole is passed on
 * as its own bytes; a chunk that arrives in pieces is passed on as one chunk per piece, so the
 * stream forwarded so far always ends on a chunk boundary (a forced end can append the last chunk).
 * The last part carries the last chunk and the trailer section as received.
 *
 * <p>With {@code dechunk} (for an HTTP/1.0 client) the parts carry only the data and the trailer
 * section is dropped. Strict mode (requests) wants CRLF everywhere; lenient mode (responses) also
 * takes a bare LF.
 *
 * <p>A chunk size is 1 to 16 hex digits (RFC 9112 {@code 1*HEXDIG}: no sign, no {@code 0x}, no
 * whitespace before it) below 2^60; chunk extensions are passed on uninterpreted, without control
 * characters, the whole size line at most 4 KiB.
 */
final class ChunkedBodyDecoder {
    /** Longest chunk size line, extensions included (they are passed on, not interpreted). */
    private static final int MAX_SIZE_LINE = 4096;
    /** Hex digits of a chunk size, leading zeros included: no sign, no {@code 0x}, no overflow. */
    private static final int MAX_SIZE_DIGITS = 16;

    private static final int COPY_LIMIT = 4096;
    private static final byte[] CRLF = {'\r', '\n'};

    private enum State {
        SIZE,
        DATA,
        DATA_END,
        TRAILER,
        DONE
    }

    private final boolean strict;
    private final boolean dechunk;
    private final int maxTrailerSize;
    private State state = State.SIZE;
    private long remaining;
    private int lastChunkLine;
    private int trailerScanned;

    ChunkedBodyDecoder(boolean strict, boolean dechunk, int maxTrailerSize) {
        this.strict = strict;
        this.dechunk = dechunk;
        this.maxTrailerSize = maxTrailerSize;
    }

    /**
     * Decodes what {@code in} holds of the body.
     *
     * @return whether the body ended (its last part was added to {@code out})
     * @throws MalformedHeadException on invalid framing
     */
    boolean decode(ByteBufAllocator alloc, ByteBuf in, List<Object> out) {
        while (true) {
            switch (state) {
                case SIZE -> {
                    if (!sizeLine(in, out)) {
                        return false;
                    }
                }
                case DATA -> {
                    int n = (int) Math.min(remaining, in.readableBytes());
                    if (n == 0) {
                        return false;
                    }
                    out.add(new BodyPart(dechunk ? in.readRetainedSlice(n) : asChunk(alloc, in, n), n, false));
                    remaining -= n;
                    if (remaining == 0) {
                        state = State.DATA_END;
                    }
                }
                case DATA_END -> {
                    int r = in.readerIndex();
                    if (!in.isReadable()) {
                        return false;
                    }
                    byte c = in.getByte(r);
                    if (c == '\n' && !strict) {
                        in.skipBytes(1);
                    } else if (c == '\r') {
                        if (in.readableBytes() < 2) {
                            return false;
                        }
                        if (in.getByte(r + 1) != '\n') {
                            throw malformed("chunk data not followed by CRLF");
                        }
                        in.skipBytes(2);
                    } else {
                        throw malformed("chunk data not followed by CRLF");
                    }
                    state = State.SIZE;
                }
                case TRAILER -> {
                    return trailer(in, out);
                }
                case DONE -> {
                    return true;
                }
            }
        }
    }

    /** Whether the body is between chunks: a forced end may append the last chunk. */
    boolean atChunkBoundary() {
        return state == State.SIZE;
    }

    /** @return false when more bytes are needed */
    private boolean sizeLine(ByteBuf in, List<Object> out) {
        int r = in.readerIndex();
        int w = in.writerIndex();
        int lf = in.indexOf(r, Math.min(w, r + MAX_SIZE_LINE + 1), (byte) '\n');
        if (lf < 0) {
            if (w - r > MAX_SIZE_LINE) {
                throw malformed("chunk size line too long");
            }
            return false;
        }
        int i = r;
        long size = 0;
        while (i < lf) {
            int digit = hexValue(in.getByte(i));
            if (digit < 0) {
                break;
            }
            if (i - r == MAX_SIZE_DIGITS) {
                throw malformed("chunk size of more than " + MAX_SIZE_DIGITS + " hex digits");
            }
            size = size << 4 | digit;
            i++;
        }
        if (i == r) {
            throw malformed("invalid chunk size (expected: hex digits, then optional ;extensions)");
        }
        if (size >>> 60 != 0) {
            // Unsigned: 16 digits may have wrapped around. The bound keeps the arithmetic below exact.
            throw malformed("chunk size too large (expected: below 2^60)");
        }
        boolean crlf = in.getByte(lf - 1) == '\r' && lf - 1 >= i;
        if (!crlf && strict) {
            throw malformed("bare LF");
        }
        int contentEnd = crlf ? lf - 1 : lf;
        int j = i;
        while (j < contentEnd && (in.getByte(j) == ' ' || in.getByte(j) == '\t')) {
            j++;
        }
        // Whitespace only before an extension (BWS ";"); leniently, also at the end of the line.
        if (j < contentEnd ? in.getByte(j) != ';' : strict && j > i) {
            throw malformed("invalid chunk size (expected: hex digits, then optional ;extensions)");
        }
        for (; j < contentEnd; j++) {
            int c = in.getByte(j) & 0xff;
            if (c < ' ' && c != '\t' || c == 0x7f) {
                throw malformed("control character in a chunk extension");
            }
        }
        int lineLength = lf + 1 - r;
        if (size == 0) {
            lastChunkLine = lineLength;
            trailerScanned = 0;
            state = State.TRAILER;
            return true;
        }
        long whole = lineLength + size + 2;
        if (crlf
                && w - r >= whole
                && in.getByte((int) (r + whole - 2)) == '\r'
                && in.getByte((int) (r + whole - 1)) == '\n') {
            // The whole chunk is here: pass it on as it came.
            if (dechunk) {
                in.skipBytes(lineLength);
                out.add(new BodyPart(in.readRetainedSlice((int) size), size, false));
                in.skipBytes(2);
            } else {
                out.add(new BodyPart(in.readRetainedSlice((int) whole), size, false));
            }
            return true;
        }
        in.skipBytes(lineLength);
        remaining = size;
        state = State.DATA;
        return true;
    }

    private static int hexValue(byte c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        int lower = c | 0x20;
        return lower >= 'a' && lower <= 'f' ? lower - 'a' + 10 : -1;
    }

    /** A piece of chunk data, framed as a chunk of its own. */
    private static ByteBuf asChunk(ByteBufAllocator alloc, ByteBuf in, int n) {
        if (n <= COPY_LIMIT) {
            ByteBuf chunk = alloc.buffer(n + 12);
            writeSizeLine(chunk, n);
            chunk.writeBytes(in, n);
            chunk.writeBytes(CRLF);
            return chunk;
        }
        ByteBuf sizeLine = alloc.buffer(12);
        writeSizeLine(sizeLine, n);
        return Unpooled.wrappedBuffer(sizeLine, in.readRetainedSlice(n), Unpooled.wrappedBuffer(CRLF));
    }

    static void writeSizeLine(ByteBuf out, int n) {
        int digits = Math.max(1, (35 - Integer.numberOfLeadingZeros(n)) / 4);
        for (int shift = (digits - 1) * 4; shift >= 0; shift -= 4) {
            out.writeByte(Character.forDigit((n >>> shift) & 0xf, 16));
        }
        out.writeShort(HeaderFields.CRLF_SHORT);
    }

    /** The last chunk is read; its line is still in {@code in}. Looks for the end of the trailer section. */
    private boolean trailer(ByteBuf in, List<Object> out) {
        int r = in.readerIndex();
        int sectionStart = r + lastChunkLine;
        int from = sectionStart + trailerScanned;
        int end = HeadScanner.endOfHead(in, from, in.writerIndex());
        if (end < 0) {
            int resume = -end - 1;
            trailerScanned = resume - sectionStart;
            if (in.writerIndex() - sectionStart > maxTrailerSize) {
                throw malformed("trailer section too large");
            }
            return false;
        }
        if (end - sectionStart > maxTrailerSize) {
            throw malformed("trailer section too large");
        }
        if (end - sectionStart > 2) {
            byte[] trailers = new byte[end - sectionStart];
            in.getBytes(sectionStart, trailers);
            HeaderFields.parse(trailers, 0, trailers.length, strict);
        } else if (strict && in.getByte(sectionStart) != '\r') {
            throw malformed("bare LF");
        }
        state = State.DONE;
        if (dechunk) {
            in.skipBytes(end - r);
            out.add(BodyPart.EMPTY_LAST);
        } else {
            out.add(new BodyPart(in.readRetainedSlice(end - r), 0, true));
        }
        return true;
    }

    private static MalformedHeadException malformed(String why) {
        return HeaderFields.malformed(why);
    }
}
