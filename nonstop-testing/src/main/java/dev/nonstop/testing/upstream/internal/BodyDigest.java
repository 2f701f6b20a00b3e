package dev.nonstop.testing.upstream.internal;

import io.netty.buffer.ByteBuf;
import java.nio.ByteBuffer;
import java.util.zip.CRC32;

/** Byte count and CRC-32 of a request body, fed piece by piece as it streams in. */
final class BodyDigest {
    private final CRC32 crc = new CRC32();
    private long bytes;

    void update(ByteBuf content) {
        int readable = content.readableBytes();
        if (readable == 0) {
            return;
        }
        for (ByteBuffer part : content.nioBuffers(content.readerIndex(), readable)) {
            crc.update(part);
        }
        bytes += readable;
    }

    long bytes() {
        return bytes;
    }

    /** The CRC-32 as 8 lowercase hex digits. */
    String crcHex() {
        return String.format("%08x", crc.getValue());
    }
}
