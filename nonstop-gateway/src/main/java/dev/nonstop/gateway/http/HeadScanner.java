package dev.nonstop.gateway.http;

import io.netty.buffer.ByteBuf;

/** Finds where a message head (or a trailer section) ends in received bytes, without parsing it. */
final class HeadScanner {
    private HeadScanner() {}

    /**
     * Looks for the empty line that ends a head, line by line from {@code from}, which must be the
     * start of a line.
     *
     * @return the index just after that empty line, or, when it is not there yet, {@code -(i + 1)}
     *     where {@code i} is the start of the first incomplete line (where to scan again from)
     */
    static int endOfHead(ByteBuf in, int from, int to) {
        int lineStart = from;
        while (lineStart < to) {
            byte c = in.getByte(lineStart);
            if (c == '\n') {
                return lineStart + 1;
            }
            if (c == '\r') {
                if (lineStart + 1 >= to) {
                    break;
                }
                if (in.getByte(lineStart + 1) == '\n') {
                    return lineStart + 2;
                }
            }
            int lf = in.indexOf(lineStart, to, (byte) '\n');
            if (lf < 0) {
                break;
            }
            lineStart = lf + 1;
        }
        return -lineStart - 1;
    }

    /**
     * Skips the CR and LF bytes at the reader index (empty lines before a head).
     *
     * @return whether bytes are left to read
     */
    static boolean skipEmptyLines(ByteBuf in) {
        int r = in.readerIndex();
        int w = in.writerIndex();
        while (r < w && (in.getByte(r) == '\r' || in.getByte(r) == '\n')) {
            r++;
        }
        in.readerIndex(r);
        return r < w;
    }
}
