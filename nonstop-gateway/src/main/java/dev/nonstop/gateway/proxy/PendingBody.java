package dev.nonstop.gateway.proxy;

import dev.nonstop.gateway.http.BodyPart;
import io.netty.channel.Channel;
import java.util.ArrayDeque;

/**
 * The body parts of a request received before its head reached a member. They are held, not
 * written through, until the head is in a member's socket: if that member fails first, the request
 * moves to another one with its body whole. Created by an {@link Exchange} when a part first waits.
 */
final class PendingBody {
    private final ArrayDeque<BodyPart> parts = new ArrayDeque<>(2);

    void add(BodyPart part) {
        parts.add(part);
    }

    boolean isEmpty() {
        return parts.isEmpty();
    }

    /** Writes the parts behind the head, as duplicates, so the originals survive for another member if this write fails. */
    void writeTo(Channel channel) {
        for (BodyPart part : parts) {
            channel.write(part.content().retainedDuplicate(), channel.voidPromise());
        }
    }

    /**
     * The parts reached the member: releases them.
     *
     * @return whether the body's last part was among them
     */
    boolean sent() {
        boolean last = false;
        BodyPart part;
        while ((part = parts.poll()) != null) {
            last |= part.last();
            part.release();
        }
        return last;
    }

    /** The request ends without them: releases them. */
    void release() {
        BodyPart part;
        while ((part = parts.poll()) != null) {
            part.release();
        }
    }
}
