package dev.nonstop.gateway.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.DefaultByteBufHolder;
import io.netty.buffer.Unpooled;

/**
 * A piece of a message body, already framed for the wire as it is forwarded: raw bytes of a
 * Content-Length body, or whole chunks (size line, data, CRLF) of a chunked body, the last one
 * with the trailer section. {@link #dataBytes()} counts only the body's data.
 */
public final class BodyPart extends DefaultByteBufHolder {
    /** The end of a body with nothing left to send. Shared: releasing it does nothing. */
    static final BodyPart EMPTY_LAST = new BodyPart(Unpooled.EMPTY_BUFFER, 0, true);

    private final long dataBytes;
    private final boolean last;

    BodyPart(ByteBuf bytes, long dataBytes, boolean last) {
        super(bytes);
        this.dataBytes = dataBytes;
        this.last = last;
    }

    public long dataBytes() {
        return dataBytes;
    }

    /** The body ends with this part. */
    public boolean last() {
        return last;
    }
}
