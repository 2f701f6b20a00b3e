package dev.nonstop.gateway.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.nio.charset.StandardCharsets;

/**
 * Writes the heads the gateway forwards, from the heads it received: the start line, every header
 * line it keeps copied byte for byte, then the lines it adds. Hop-by-hop fields are dropped (RFC
 * 9110 section 7.6.1: {@code Connection}, those it names, {@code Keep-Alive}, {@code
 * Proxy-Connection}, {@code TE}, {@code Upgrade}); {@code X-Forwarded-For/Proto/Host} and {@code
 * Via} are added. The client's own forwarded fields are not trusted: {@code X-Forwarded-For} and
 * {@code Via} are appended to, the others replaced. Framing fields ({@code Host}, {@code
 * Content-Length}, {@code Transfer-Encoding}) are never dropped because a {@code Connection} field
 * names them: the member must frame the body as the gateway did.
 */
public final class ForwardingHeaders {
    public static final String VIA_VALUE = "1.1 nonstop";

    private static final byte[] HTTP_1_1_CRLF = HeaderFields.ascii("HTTP/1.1\r\n");
    private static final byte[] HTTP_1_1 = HeaderFields.ascii("HTTP/1.1");
    private static final byte[] HTTP_1_0 = HeaderFields.ascii("HTTP/1.0");
    private static final byte[] X_FORWARDED_FOR = HeaderFields.ascii("x-forwarded-for: ");
    private static final byte[] X_FORWARDED_PROTO_HTTP = HeaderFields.ascii("x-forwarded-proto: http\r\n");
    private static final byte[] X_FORWARDED_HOST = HeaderFields.ascii("x-forwarded-host: ");
    private static final byte[] HOST = HeaderFields.ascii("host: ");
    private static final byte[] VIA = HeaderFields.ascii("via: ");
    private static final byte[] VIA_OURS_CRLF = HeaderFields.ascii(VIA_VALUE + "\r\n");
    private static final byte[] UPGRADE = HeaderFields.ascii("upgrade: ");
    private static final byte[] CONNECTION_UPGRADE = HeaderFields.ascii("connection: upgrade\r\n");
    private static final byte[] CONNECTION_CLOSE = HeaderFields.ascii("connection: close\r\n");
    private static final byte[] CONNECTION_KEEP_ALIVE = HeaderFields.ascii("connection: keep-alive\r\n");
    private static final byte[] SET_COOKIE = HeaderFields.ascii("set-cookie: ");

    private ForwardingHeaders() {}

    /**
     * The head to send to a member: the request line with version HTTP/1.1 (the gateway speaks
     * HTTP/1.1 to members, with persistent connections), the kept fields, the forwarded fields.
     *
     * <p>The request line carries the target in origin form (an absolute-form target is rewritten
     * by {@link RequestHead#writeLineBeforeVersion}). With {@code routedHost}, the client's Host lines are
     * dropped and {@code host: <host>} is sent first, so the member sees the host the request was
     * routed by; {@code X-Forwarded-Host} always carries the Host the member gets.
     *
     * @param clientIp the client's address in ASCII, appended to {@code X-Forwarded-For}
     * @param upgrade keep {@code Upgrade} and send {@code Connection: upgrade}
     * @param routedHost the Host to send instead of the client's (empty: none), or {@code null} to
     *     keep the client's
     */
    public static ByteBuf request(
            ByteBufAllocator alloc, RequestHead head, byte[] clientIp, boolean upgrade, String routedHost) {
        HeaderFields fields = head.fields;
        byte[] host = routedHost == null ? null : HeaderFields.ascii(routedHost);
        ByteBuf out = alloc.buffer(head.bytes.length + 96 + 2 * clientIp.length + (host == null ? 0 : 2 * host.length));
        head.writeLineBeforeVersion(out);
        out.writeBytes(HTTP_1_1_CRLF);
        HeaderFields.FieldFilter keep =
                fields.connectionNamesFields() ? ForwardingHeaders::keepNamed : ForwardingHeaders::keepInRequest;
        if (host != null) {
            out.writeBytes(HOST);
            out.writeBytes(host);
            out.writeShort(HeaderFields.CRLF_SHORT);
            HeaderFields.FieldFilter kept = keep;
            keep = (f, field, kind) -> kind != HeaderFields.HOST && kept.keep(f, field, kind);
        }
        fields.writeKept(out, keep);
        out.writeBytes(X_FORWARDED_FOR);
        if (fields.writeValues(out, HeaderFields.X_FORWARDED_FOR)) {
            out.writeShort(HeaderFields.COMMA_SPACE_SHORT);
        }
        out.writeBytes(clientIp);
        out.writeShort(HeaderFields.CRLF_SHORT);
        out.writeBytes(X_FORWARDED_PROTO_HTTP);
        if (host != null) {
            if (host.length > 0) {
                out.writeBytes(X_FORWARDED_HOST);
                out.writeBytes(host);
                out.writeShort(HeaderFields.CRLF_SHORT);
            }
        } else {
            int hostField = fields.first(HeaderFields.HOST);
            if (hostField >= 0) {
                out.writeBytes(X_FORWARDED_HOST);
                out.writeBytes(
                        fields.bytes,
                        fields.valueStart(hostField),
                        fields.valueEnd(hostField) - fields.valueStart(hostField));
                out.writeShort(HeaderFields.CRLF_SHORT);
            }
        }
        writeVia(out, fields);
        if (upgrade) {
            writeUpgrade(out, fields);
        }
        out.writeShort(HeaderFields.CRLF_SHORT);
        return out;
    }

    /** How the response head is forwarded. */
    public enum ResponseKind {
        /** 1xx other than an accepted upgrade: passed on, the final response follows. */
        INFORMATIONAL,
        /** 101 to an upgrade request: keeps {@code Upgrade}, sends {@code Connection: upgrade}. */
        UPGRADE,
        /** The final response; the gateway decides keep-alive towards the client. */
        FINAL
    }

    /**
     * The head to send to the client.
     *
     * @param http10Client the final response goes out as HTTP/1.0
     * @param dechunked the body goes out without its chunk framing: no {@code Transfer-Encoding}
     * @param keepAlive for {@link ResponseKind#FINAL}: whether the client connection stays open
     * @param setCookie a {@code Set-Cookie} value to add, or {@code null}
     */
    public static ByteBuf response(
            ByteBufAllocator alloc,
            ResponseHead head,
            ResponseKind kind,
            boolean http10Client,
            boolean dechunked,
            boolean keepAlive,
            String setCookie) {
        return response(alloc, head, kind, http10Client, dechunked, keepAlive, setCookie, null);
    }

    /**
     * The head to send to the client, with header lines encoded beforehand added after the {@code
     * Set-Cookie} (e.g. the gray routing pin cookie, {@code set-cookie: NONSTOP_GROUP=green; ...\r\n}).
     *
     * @param extraLines whole header lines, each ending in CRLF, or {@code null}
     */
    public static ByteBuf response(
            ByteBufAllocator alloc,
            ResponseHead head,
            ResponseKind kind,
            boolean http10Client,
            boolean dechunked,
            boolean keepAlive,
            String setCookie,
            byte[] extraLines) {
        HeaderFields fields = head.fields;
        ByteBuf out = alloc.buffer(head.bytes.length
                + 64
                + (setCookie == null ? 0 : setCookie.length() + 16)
                + (extraLines == null ? 0 : extraLines.length));
        // head.bytes includes an inline body, if any.
        out.writeBytes(kind == ResponseKind.FINAL && http10Client ? HTTP_1_0 : HTTP_1_1);
        head.writeStatusAfterVersion(out);
        boolean named = fields.connectionNamesFields();
        fields.writeKept(out, (f, field, fieldKind) -> switch (fieldKind) {
            case HeaderFields.CONNECTION,
                    HeaderFields.KEEP_ALIVE,
                    HeaderFields.PROXY_CONNECTION,
                    HeaderFields.TE,
                    HeaderFields.UPGRADE,
                    HeaderFields.VIA -> false;
            case HeaderFields.TRANSFER_ENCODING -> !dechunked;
            // Chunked framing wins over a Content-Length, which must not reach the client with it.
            case HeaderFields.CONTENT_LENGTH -> !head.chunked();
            default -> !named || !f.namedByConnection(field);
        });
        writeVia(out, fields);
        if (setCookie != null) {
            out.writeBytes(SET_COOKIE);
            out.writeCharSequence(setCookie, StandardCharsets.ISO_8859_1);
            out.writeShort(HeaderFields.CRLF_SHORT);
        }
        if (extraLines != null) {
            out.writeBytes(extraLines);
        }
        if (kind == ResponseKind.UPGRADE) {
            writeUpgrade(out, fields);
        } else if (kind == ResponseKind.FINAL) {
            if (http10Client && keepAlive) {
                out.writeBytes(CONNECTION_KEEP_ALIVE);
            } else if (!http10Client && !keepAlive) {
                out.writeBytes(CONNECTION_CLOSE);
            }
        }
        out.writeShort(HeaderFields.CRLF_SHORT);
        if (kind == ResponseKind.FINAL) {
            // A small body that came with the head leaves with it, in one buffer.
            head.writeInlineBody(out);
        }
        return out;
    }

    private static boolean keepInRequest(HeaderFields fields, int field, int kind) {
        return switch (kind) {
            case HeaderFields.CONNECTION,
                    HeaderFields.KEEP_ALIVE,
                    HeaderFields.PROXY_CONNECTION,
                    HeaderFields.TE,
                    HeaderFields.UPGRADE,
                    HeaderFields.VIA,
                    HeaderFields.X_FORWARDED_FOR,
                    HeaderFields.X_FORWARDED_PROTO,
                    HeaderFields.X_FORWARDED_HOST -> false;
            default -> true;
        };
    }

    /** As {@link #keepInRequest}, when {@code Connection} also names other fields to drop. */
    private static boolean keepNamed(HeaderFields fields, int field, int kind) {
        return switch (kind) {
            case HeaderFields.HOST, HeaderFields.CONTENT_LENGTH, HeaderFields.TRANSFER_ENCODING -> true;
            case HeaderFields.OTHER, HeaderFields.COOKIE, HeaderFields.IDEMPOTENCY_KEY ->
                !fields.namedByConnection(field);
            default -> keepInRequest(fields, field, kind);
        };
    }

    private static void writeVia(ByteBuf out, HeaderFields fields) {
        out.writeBytes(VIA);
        if (fields.writeValues(out, HeaderFields.VIA)) {
            out.writeShort(HeaderFields.COMMA_SPACE_SHORT);
        }
        out.writeBytes(VIA_OURS_CRLF);
    }

    private static void writeUpgrade(ByteBuf out, HeaderFields fields) {
        int upgrade = fields.first(HeaderFields.UPGRADE);
        if (upgrade >= 0) {
            out.writeBytes(UPGRADE);
            out.writeBytes(
                    fields.bytes, fields.valueStart(upgrade), fields.valueEnd(upgrade) - fields.valueStart(upgrade));
            out.writeShort(HeaderFields.CRLF_SHORT);
        }
        out.writeBytes(CONNECTION_UPGRADE);
    }
}
