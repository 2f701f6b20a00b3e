package dev.nonstop.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.AbstractByteBufAllocator;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledDirectByteBuf;
import io.netty.buffer.UnpooledHeapByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Properties of the client-side framing ({@link RequestDecoder} with its {@link ChunkedBodyDecoder},
 * then {@link RequestChecks} and {@link ForwardingHeaders}), on an {@link EmbeddedChannel}, with the
 * bytes cut into reads at random points:
 *
 * <ul>
 *   <li>valid pipelined requests decode to the heads and bodies they were sent with;
 *   <li>mutated requests never make the decoder throw, and end in well-framed requests, a refused
 *       head or a {@link MalformedBody}, and nothing after those;
 *   <li>whatever is accepted is forwarded with the framing the gateway parsed: the forwarded head
 *       and body, decoded again as a member would, give the same request and body data;
 *   <li>a chunk size line is accepted exactly when it is 1 to 16 hex digits below 2^60 (an
 *       independent oracle decides);
 *   <li>every buffer allocated is released (a tracking allocator checks each one's refCnt; the
 *       suite also runs with paranoid leak detection).
 * </ul>
 *
 * Tries are bounded so that the class runs in a few seconds.
 */
class RequestDecoderPropertyTest {
    private static final int MAX_LINE = 1024;
    private static final int MAX_HEADERS = 2048;
    private static final byte[] CLIENT_IP = HeaderFields.ascii("192.0.2.1");

    // ------------------------------------------------------------------ generated requests

    private enum BodyKind {
        NONE,
        LENGTH,
        CHUNKED
    }

    /** One request as the generator meant it: its head's bytes, its body data, and its bytes on the wire. */
    private record Planned(String method, String head, BodyKind kind, String data, String trailers, String wire) {
        @Override
        public String toString() {
            return printable(wire);
        }
    }

    private record Pipeline(List<Planned> requests, List<Integer> cuts) {
        String wire() {
            StringBuilder all = new StringBuilder();
            requests.forEach(r -> all.append(r.wire()));
            return all.toString();
        }

        @Override
        public String toString() {
            return printable(wire()) + " cut every " + cuts;
        }
    }

    private static final String[] METHODS = {"GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "HEAD", "PROPFIND"};
    private static final String TARGET_CHARS =
            "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~/%?=&+!$'()*,;:@";
    private static final String TOKEN_CHARS =
            "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$%&'*+-.^_`|~";

    private static String pick(Random random, String chars, int min, int max) {
        int n = min + random.nextInt(max - min + 1);
        StringBuilder s = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            s.append(chars.charAt(random.nextInt(chars.length())));
        }
        return s.toString();
    }

    private static String visible(Random random, int max) {
        int n = random.nextInt(max + 1);
        StringBuilder s = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            // Visible ASCII and obs-text, with spaces and tabs inside.
            int c = random.nextInt(10) == 0 ? (random.nextBoolean() ? ' ' : '\t') : 0x21 + random.nextInt(0xff - 0x21);
            s.append((char) (c == 0x7f ? 'x' : c));
        }
        return s.toString().strip();
    }

    private static String bytes(Random random, int n) {
        StringBuilder s = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            s.append((char) random.nextInt(256));
        }
        return s.toString();
    }

    private static String hexSize(Random random, int size) {
        String hex = Integer.toHexString(size);
        hex = random.nextBoolean() ? hex : hex.toUpperCase();
        int zeros = random.nextInt(4) == 0 ? random.nextInt(16 - hex.length() + 1) : 0;
        return "0".repeat(zeros) + hex;
    }

    private static String extension(Random random) {
        return switch (random.nextInt(4)) {
            case 0 -> ";" + pick(random, TOKEN_CHARS, 1, 8);
            case 1 -> " ;" + pick(random, TOKEN_CHARS, 1, 8) + "=" + pick(random, TOKEN_CHARS, 1, 8);
            default -> "";
        };
    }

    private static Planned request(Random random) {
        String method = METHODS[random.nextInt(METHODS.length)];
        String target = random.nextInt(8) == 0
                ? "http://" + pick(random, "abcdefghij", 1, 10) + ".example" + (random.nextBoolean() ? ":8080" : "")
                        + "/" + pick(random, TARGET_CHARS, 0, 30)
                : "/" + pick(random, TARGET_CHARS, 0, 60);
        boolean http10 = random.nextInt(6) == 0;
        StringBuilder head =
                new StringBuilder(method).append(' ').append(target).append(http10 ? " HTTP/1.0\r\n" : " HTTP/1.1\r\n");
        List<String> lines = new ArrayList<>();
        if (!http10 || random.nextBoolean()) {
            lines.add((random.nextBoolean() ? "Host" : "host") + ": " + pick(random, "abcdefghij", 1, 12) + ".example");
        }
        int extra = random.nextInt(6);
        for (int i = 0; i < extra; i++) {
            String sep = random.nextBoolean() ? ": " : ":";
            lines.add("X-" + pick(random, TOKEN_CHARS, 1, 12) + sep + visible(random, 40));
        }
        BodyKind kind = BodyKind.values()[random.nextInt(3)];
        String data;
        String trailers = "";
        StringBuilder body = new StringBuilder();
        if (kind == BodyKind.LENGTH) {
            data = bytes(random, random.nextInt(4) == 0 ? 0 : random.nextInt(random.nextInt(10) == 0 ? 5000 : 400));
            lines.add((random.nextBoolean() ? "Content-Length" : "content-length") + ": " + data.length());
            body.append(data);
        } else if (kind == BodyKind.CHUNKED) {
            lines.add((random.nextBoolean() ? "Transfer-Encoding" : "transfer-encoding") + ": "
                    + (random.nextBoolean() ? "chunked" : "Chunked"));
            StringBuilder all = new StringBuilder();
            int chunks = random.nextInt(5);
            for (int i = 0; i < chunks; i++) {
                // Now and then more than ChunkedBodyDecoder copies (4 KiB): passed on as a slice.
                String chunk = bytes(
                        random, 1 + random.nextInt(random.nextBoolean() ? 20 : random.nextInt(20) == 0 ? 5000 : 300));
                all.append(chunk);
                body.append(hexSize(random, chunk.length()))
                        .append(extension(random))
                        .append("\r\n")
                        .append(chunk)
                        .append("\r\n");
            }
            data = all.toString();
            body.append("0".repeat(1 + random.nextInt(3)))
                    .append(extension(random))
                    .append("\r\n");
            StringBuilder trailer = new StringBuilder();
            for (int i = random.nextInt(3); i > 0; i--) {
                trailer.append("X-T")
                        .append(i)
                        .append(": ")
                        .append(visible(random, 20))
                        .append("\r\n");
            }
            trailers = trailer.toString();
            body.append(trailers).append("\r\n");
        } else {
            data = "";
        }
        java.util.Collections.shuffle(lines, random);
        lines.forEach(line -> head.append(line).append("\r\n"));
        head.append("\r\n");
        return new Planned(method, head.toString(), kind, data, trailers, head + body.toString());
    }

    private static List<Integer> cuts(Random random) {
        List<Integer> cuts = new ArrayList<>();
        for (int i = 1 + random.nextInt(6); i > 0; i--) {
            cuts.add(
                    switch (random.nextInt(8)) {
                        case 0 -> 1 + random.nextInt(3);
                        case 1, 2, 3 -> 1 + random.nextInt(100);
                        default -> 1 + random.nextInt(5000);
                    });
        }
        return cuts;
    }

    @Provide
    Arbitrary<Pipeline> pipelines() {
        return Arbitraries.randomValue(random -> {
            List<Planned> requests = new ArrayList<>();
            for (int i = 1 + random.nextInt(3); i > 0; i--) {
                requests.add(request(random));
            }
            return new Pipeline(requests, cuts(random));
        });
    }

    /** A wire of valid requests with a few bytes changed, inserted, removed, or cut off at the end. */
    @Provide
    Arbitrary<Pipeline> mutated() {
        byte[] interesting = {'\r', '\n', ' ', '\t', ':', ';', '0', 'f', 'F', 'x', '-', '+', 0, (byte) 0x80, 'g', '/'};
        return Arbitraries.randomValue(random -> {
            Pipeline valid = new Pipeline(List.of(request(random), request(random)), cuts(random));
            StringBuilder wire = new StringBuilder(valid.wire());
            for (int i = 1 + random.nextInt(4); i > 0 && !wire.isEmpty(); i--) {
                int at = random.nextInt(wire.length());
                char c = random.nextInt(3) == 0
                        ? (char) random.nextInt(256)
                        : (char) (interesting[random.nextInt(interesting.length)] & 0xff);
                switch (random.nextInt(4)) {
                    case 0 -> wire.setCharAt(at, c);
                    case 1 -> wire.insert(at, c);
                    case 2 -> wire.deleteCharAt(at);
                    default -> wire.setLength(at);
                }
            }
            return new Pipeline(List.of(new Planned("?", "", BodyKind.NONE, "", "", wire.toString())), valid.cuts());
        });
    }

    // ------------------------------------------------------------------ properties

    @Property(tries = 1000)
    void validRequestsDecodeToTheHeadsAndBodiesTheyWereSentWith(@ForAll("pipelines") Pipeline pipeline) {
        try (Decoding decoding = new Decoding(pipeline.wire(), pipeline.cuts())) {
            List<Decoded> requests = decoding.requests();
            assertThat(requests).hasSize(pipeline.requests().size());
            for (int i = 0; i < requests.size(); i++) {
                Planned planned = pipeline.requests().get(i);
                Decoded decoded = requests.get(i);
                assertThat(decoded.head.failure()).isNull();
                assertThat(new String(decoded.head.bytes, StandardCharsets.ISO_8859_1))
                        .isEqualTo(planned.head());
                assertThat(decoded.head.method()).isEqualTo(planned.method());
                assertThat(decoded.complete).isTrue();
                assertThat(decoded.data()).isEqualTo(planned.data());
                if (planned.kind() == BodyKind.CHUNKED) {
                    assertThat(Chunked.parse(decoded.wire.toString()).trailers())
                            .isEqualTo(planned.trailers());
                }
                assertForwardedAsParsed(decoded);
            }
            assertThat(decoding.end).isNull();
        }
    }

    @Property(tries = 2000)
    void mutatedRequestsNeverThrowAndEndWellFramedOrRefused(@ForAll("mutated") Pipeline pipeline) {
        try (Decoding decoding = new Decoding(pipeline.wire(), pipeline.cuts())) {
            List<Decoded> requests = decoding.requests();
            for (Decoded decoded : requests) {
                RequestChecks.Refusal refusal = RequestChecks.check(decoded.head, 0);
                if (refusal != null) {
                    assertThat(refusal.status().code()).isBetween(400, 505);
                    continue;
                }
                if (decoded.complete) {
                    assertForwardedAsParsed(decoded);
                }
            }
            // After a refused head or a broken body, nothing more comes out.
            if (decoding.end != null) {
                assertThat(decoding.messagesAfterEnd).isZero();
            }
        }
    }

    private static final Pattern SIZE_LINE =
            Pattern.compile("([0-9a-fA-F]{1,16})([ \\t]*;[^\\x00-\\x08\\x0a-\\x1f\\x7f]*)?");

    @Provide
    Arbitrary<String> sizeLines() {
        String[] pieces = {
            "0", "5", "f", "F", "a", "7", "10", "ff", "-", "+", "0x", "x", " ", "\t", ";", "=", "g", "\u0000", "\u0080"
        };
        return Arbitraries.randomValue(random -> {
            if (random.nextBoolean()) {
                // Mostly hex digits, around the 16 digit and 2^60 bounds.
                int digits = 1 + random.nextInt(18);
                StringBuilder s = new StringBuilder();
                for (int i = 0; i < digits; i++) {
                    s.append("0123456789abcdefABCDEF".charAt(random.nextInt(random.nextInt(3) == 0 ? 22 : 10)));
                }
                return s + (random.nextInt(4) == 0 ? extension(random) : "");
            }
            StringBuilder s = new StringBuilder();
            for (int i = random.nextInt(8); i >= 0; i--) {
                s.append(pieces[random.nextInt(pieces.length)]);
            }
            return s.toString();
        });
    }

    @Property(tries = 3000)
    void aChunkSizeLineIsAcceptedExactlyWhenItIsOneToSixteenHexDigitsBelowTwoToTheSixty(
            @ForAll("sizeLines") String line, @ForAll boolean withTheHead) {
        var matcher = SIZE_LINE.matcher(line);
        boolean valid = matcher.matches() && new BigInteger(matcher.group(1), 16).bitLength() <= 60;
        String head = "POST /p HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n";
        List<Integer> cuts = withTheHead ? List.of(100_000) : List.of(head.length(), 100_000);
        // A valid size waits for its data; a zero size for its trailer section.
        try (Decoding decoding = new Decoding(head + line + "\r\n", cuts)) {
            List<Decoded> requests = decoding.requests();
            assertThat(requests).hasSize(1);
            if (valid) {
                assertThat(requests.get(0).head.failure()).isNull();
                assertThat(decoding.end).isNull();
            } else if (withTheHead) {
                // Nothing of the request is passed on: the head itself is refused.
                assertThat(requests.get(0).head.failure()).isNotNull();
                assertThat(requests.get(0).head.failure().status().code()).isEqualTo(400);
                assertThat(requests.get(0).wire.length()).isZero();
            } else {
                assertThat(requests.get(0).head.failure()).isNull();
                assertThat(decoding.end).isInstanceOf(MalformedBody.class);
            }
        }
    }

    /**
     * The forwarded head and body, decoded as a member would decode them, are the same request:
     * same method, same framing, same body data, and nothing left over.
     */
    private static void assertForwardedAsParsed(Decoded decoded) {
        RequestHead head = decoded.head;
        // The Host the exchange forwards instead of the client's (see RequestKeys.forwardedHost).
        boolean absolute = head.target().form() == RequestTarget.Form.ABSOLUTE;
        String routedHost = absolute ? head.target().authority() : head.host() == null ? "gateway.test:80" : null;
        TrackingAllocator alloc = new TrackingAllocator();
        ByteBuf forwarded = ForwardingHeaders.request(alloc, head, CLIENT_IP, false, routedHost);
        String wire = forwarded.toString(StandardCharsets.ISO_8859_1) + decoded.wire;
        forwarded.release();
        alloc.assertAllReleased();
        try (Decoding again = new Decoding(wire, List.of(100_000))) {
            List<Decoded> requests = again.requests();
            assertThat(requests).hasSize(1);
            Decoded member = requests.get(0);
            assertThat(member.head.failure()).isNull();
            assertThat(RequestChecks.check(member.head, 0)).isNull();
            assertThat(member.head.method()).isEqualTo(head.method());
            assertThat(member.head.contentLength()).isEqualTo(head.contentLength());
            assertThat(member.head.hasTransferEncoding()).isEqualTo(head.hasTransferEncoding());
            assertThat(member.head.target().form()).isNotEqualTo(RequestTarget.Form.ABSOLUTE);
            assertThat(member.head.uri()).isEqualTo(absolute ? head.target().originForm() : head.uri());
            // The member sees the host the request was routed by.
            assertThat(member.head.fields.countOf(HeaderFields.HOST)).isEqualTo(1);
            assertThat(member.head.routingHost())
                    .isEqualTo(routedHost == null ? head.routingHost() : member.head.routingHost());
            if (routedHost != null) {
                assertThat(member.head.host()).isEqualTo(routedHost);
            }
            assertThat(member.complete).isTrue();
            assertThat(member.data()).isEqualTo(decoded.data());
            assertThat(again.end).isNull();
        }
    }

    // ------------------------------------------------------------------ decoding harness

    /** One decoded request: its head and the wire bytes of its body parts, as the gateway would forward them. */
    private static final class Decoded {
        final RequestHead head;
        final StringBuilder wire = new StringBuilder();
        long dataBytes;
        boolean complete;

        Decoded(RequestHead head) {
            this.head = head;
            this.complete = head.failure() != null || !head.expectsBody();
        }

        /** The body's data: the parts' bytes, without chunk framing for a chunked body. */
        String data() {
            String data =
                    head.hasTransferEncoding() ? Chunked.parse(wire.toString()).data() : wire.toString();
            assertThat(data.length()).isEqualTo(dataBytes);
            return data;
        }
    }

    /** Feeds a wire through a {@link RequestDecoder} in reads of the given sizes (cycled), and checks what comes out. */
    private static final class Decoding implements AutoCloseable {
        private final TrackingAllocator alloc = new TrackingAllocator();
        private final EmbeddedChannel channel = new EmbeddedChannel(new RequestDecoder(MAX_LINE, MAX_HEADERS));
        private final List<Decoded> requests = new ArrayList<>();
        /** The failed head or the {@link MalformedBody} that ended decoding, if any. */
        Object end;

        int messagesAfterEnd;

        Decoding(String wire, List<Integer> cuts) {
            channel.config().setAllocator(alloc);
            byte[] bytes = wire.getBytes(StandardCharsets.ISO_8859_1);
            int at = 0;
            for (int i = 0; at < bytes.length; i++) {
                int n = Math.min(cuts.get(i % cuts.size()), bytes.length - at);
                ByteBuf read = alloc.buffer(n).writeBytes(bytes, at, n);
                at += n;
                // A decoder exception would be rethrown here.
                channel.writeInbound(read);
                drain();
            }
        }

        private void drain() {
            Object msg;
            while ((msg = channel.readInbound()) != null) {
                if (end != null) {
                    messagesAfterEnd++;
                    io.netty.util.ReferenceCountUtil.release(msg);
                    continue;
                }
                if (msg instanceof RequestHead head) {
                    assertThat(requests.isEmpty() || requests.get(requests.size() - 1).complete)
                            .as("a head before the previous body ended")
                            .isTrue();
                    requests.add(new Decoded(head));
                    if (head.failure() != null) {
                        end = head;
                    } else if (head.hasTransferEncoding() && !head.singleChunkedCoding()) {
                        // Refused by RequestChecks; nothing after it is decoded.
                        end = head;
                    }
                } else if (msg instanceof BodyPart part) {
                    try {
                        assertThat(requests).as("a body part before any head").isNotEmpty();
                        Decoded current = requests.get(requests.size() - 1);
                        assertThat(current.complete)
                                .as("a body part after the body ended")
                                .isFalse();
                        current.wire.append(part.content().toString(StandardCharsets.ISO_8859_1));
                        current.dataBytes += part.dataBytes();
                        current.complete = part.last();
                        if (current.head.contentLength() >= 0) {
                            assertThat(current.dataBytes).isLessThanOrEqualTo(current.head.contentLength());
                            assertThat(current.complete).isEqualTo(current.dataBytes == current.head.contentLength());
                        }
                    } finally {
                        part.release();
                    }
                } else if (msg instanceof MalformedBody malformed) {
                    assertThat(requests).isNotEmpty();
                    assertThat(requests.get(requests.size() - 1).complete).isFalse();
                    end = malformed;
                } else {
                    io.netty.util.ReferenceCountUtil.release(msg);
                    throw new AssertionError("unexpected message " + msg);
                }
            }
        }

        List<Decoded> requests() {
            return requests;
        }

        @Override
        public void close() {
            channel.finishAndReleaseAll();
            alloc.assertAllReleased();
        }
    }

    /** Allocates unpooled buffers and remembers each, so a test can check that all were released. */
    private static final class TrackingAllocator extends AbstractByteBufAllocator {
        private final List<ByteBuf> allocated = new ArrayList<>();

        TrackingAllocator() {
            super(false);
        }

        @Override
        protected ByteBuf newHeapBuffer(int initialCapacity, int maxCapacity) {
            ByteBuf buf = new UnpooledHeapByteBuf(this, initialCapacity, maxCapacity);
            allocated.add(buf);
            return buf;
        }

        @Override
        protected ByteBuf newDirectBuffer(int initialCapacity, int maxCapacity) {
            ByteBuf buf = new UnpooledDirectByteBuf(this, initialCapacity, maxCapacity);
            allocated.add(buf);
            return buf;
        }

        @Override
        public boolean isDirectBufferPooled() {
            return false;
        }

        void assertAllReleased() {
            for (ByteBuf buf : allocated) {
                assertThat(buf.refCnt())
                        .as("refCnt of a buffer the decoder was given or allocated")
                        .isZero();
            }
        }
    }

    /** An independent, strict reader of a whole chunked body. */
    private record Chunked(String data, String trailers) {
        static Chunked parse(String wire) {
            StringBuilder data = new StringBuilder();
            int p = 0;
            while (true) {
                int lf = wire.indexOf("\r\n", p);
                assertThat(lf).as("chunk size line in %s", printable(wire)).isGreaterThanOrEqualTo(0);
                String line = wire.substring(p, lf);
                int end = 0;
                while (end < line.length() && Character.digit(line.charAt(end), 16) >= 0) {
                    end++;
                }
                assertThat(end).as("chunk size in %s", printable(line)).isBetween(1, 16);
                long size = Long.parseLong(line.substring(0, end), 16);
                p = lf + 2;
                if (size == 0) {
                    String rest = wire.substring(p);
                    assertThat(rest).endsWith("\r\n");
                    int endOfTrailers = rest.indexOf("\r\n\r\n");
                    String trailers = rest.equals("\r\n") ? "" : rest.substring(0, endOfTrailers + 2);
                    assertThat(rest).isEqualTo(trailers + "\r\n");
                    return new Chunked(data.toString(), trailers);
                }
                data.append(wire, p, p + (int) size);
                p += (int) size;
                assertThat(wire.substring(p, p + 2)).isEqualTo("\r\n");
                p += 2;
            }
        }
    }

    private static String printable(String s) {
        StringBuilder out = new StringBuilder();
        for (char c : s.toCharArray()) {
            if (c == '\r') out.append("\\r");
            else if (c == '\n') out.append("\\n");
            else if (c < 0x20 || c >= 0x7f) out.append(String.format("\\x%02x", (int) c));
            else out.append(c);
        }
        return out.length() > 400 ? out.substring(0, 400) + "..." : out.toString();
    }
}
