package dev.nonstop.common.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.function.Predicate;

/**
 * Writes the body of each authenticated request that {@code which} picks to a file of its own in the spool directory,
 * chunk by chunk as it arrives, and passes the request on as a {@link SpooledHttpRequest} with an empty content: a
 * body of any size up to {@code maxBytes} costs no memory. Other requests pass through untouched, to the {@link
 * BoundedBodyAggregator} after this handler.
 *
 * <p>Refusals are the aggregator's: a body over {@code maxBytes}, whether its {@code Content-Length} says so, it
 * announces it with {@code Expect: 100-continue} or it turns out larger while it arrives, gets 413 in the API's
 * problem format and the connection is closed; an expectation other than {@code 100-continue} gets 417 the same way;
 * {@code 100 Continue} is sent otherwise. The file is deleted on every refusal, on a malformed chunk, and when the
 * connection closes before the body is complete, so an abandoned upload leaves nothing behind.
 *
 * <p>The chunks are written with {@link FileChannel#write} on the event loop: each is at most the codec's chunk size
 * (8 KiB), goes to the page cache without a sync and costs microseconds, which keeps the order of writes and the
 * connection's backpressure (TCP's own: the loop reads no faster than it writes) for free. A disk so slow that this
 * matters would slow the API's other connections, not corrupt them.
 *
 * <p>Sits after the keep-alive handler (which counts the requests it answers) and before the aggregator.
 */
final class BodySpoolingHandler extends ChannelInboundHandlerAdapter {
    private static final String PREFIX = "body-";
    private static final String SUFFIX = ".spool";

    private final Predicate<HttpRequest> which;
    private final Path dir;
    private final long maxBytes;
    private final ErrorResponder errors;

    /** The request whose body is being spooled, null between them. */
    private HttpRequest head;

    private Path file;
    private FileChannel out;
    private long written;
    /** After a refusal: everything the connection still sends is dropped until it closes. */
    private boolean refused;

    BodySpoolingHandler(Predicate<HttpRequest> which, Path dir, long maxBytes, ErrorResponder errors) {
        this.which = which;
        this.dir = dir;
        this.maxBytes = maxBytes;
        this.errors = errors;
    }

    /** The spool directory with owner-only access ({@code 0700}) when the file system has POSIX permissions. */
    static void createDirectory(Path dir) throws IOException {
        if (supportsPosix(dir)) {
            Files.createDirectories(
                    dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } else {
            Files.createDirectories(dir);
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (refused) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (head == null && msg instanceof HttpRequest request && which.test(request)) {
            if (!start(ctx, request)) {
                ReferenceCountUtil.release(msg);
                return;
            }
            if (msg instanceof HttpContent content) {
                append(ctx, content);
            }
            return;
        }
        if (head != null && msg instanceof HttpContent content) {
            append(ctx, content);
            return;
        }
        ctx.fireChannelRead(msg);
    }

    /** Opens the file of {@code request}'s body, or refuses the request; whether the body is to be spooled. */
    private boolean start(ChannelHandlerContext ctx, HttpRequest request) {
        String expect = request.headers().get(HttpHeaderNames.EXPECT);
        if (expect != null && !HttpHeaderValues.CONTINUE.contentEqualsIgnoreCase(expect)) {
            refuse(
                    ctx,
                    errors.error(
                            HttpResponseStatus.EXPECTATION_FAILED,
                            "expectation_failed",
                            "unsupported expectation (expected: Expect: 100-continue or none)"));
            return false;
        }
        if (HttpUtil.getContentLength(request, -1L) > maxBytes) {
            refuse(ctx, tooLarge());
            return false;
        }
        try {
            file = supportsPosix(dir)
                    ? Files.createTempFile(dir, PREFIX, SUFFIX, ownerOnly())
                    : Files.createTempFile(dir, PREFIX, SUFFIX);
            out = FileChannel.open(file, StandardOpenOption.WRITE);
        } catch (IOException e) {
            cleanUp();
            refuse(ctx, cannotSpool(e));
            return false;
        }
        head = request;
        written = 0;
        if (HttpUtil.is100ContinueExpected(request)) {
            HttpUtil.set100ContinueExpected(request, false);
            ctx.writeAndFlush(new DefaultFullHttpResponse(
                    HttpVersion.HTTP_1_1, HttpResponseStatus.CONTINUE, Unpooled.EMPTY_BUFFER));
        }
        return true;
    }

    /** Writes {@code content} to the file; passes the request on after its last chunk. Releases {@code content}. */
    private void append(ChannelHandlerContext ctx, HttpContent content) {
        try {
            if (content.decoderResult().isFailure()) {
                cleanUp();
                Throwable cause = content.decoderResult().cause();
                String why = cause == null || cause.getMessage() == null ? "" : ": " + cause.getMessage();
                refuse(ctx, errors.error(HttpResponseStatus.BAD_REQUEST, "malformed", "malformed HTTP body" + why));
                return;
            }
            ByteBuf chunk = content.content();
            if (written + chunk.readableBytes() > maxBytes) {
                cleanUp();
                refuse(ctx, tooLarge());
                return;
            }
            try {
                for (ByteBuffer buffer : chunk.nioBuffers()) {
                    while (buffer.hasRemaining()) {
                        written += out.write(buffer);
                    }
                }
            } catch (IOException e) {
                cleanUp();
                refuse(ctx, cannotSpool(e));
                return;
            }
            if (content instanceof LastHttpContent last) {
                finish(ctx, last);
            }
        } finally {
            content.release();
        }
    }

    private void finish(ChannelHandlerContext ctx, LastHttpContent last) {
        try {
            out.close();
        } catch (IOException e) {
            cleanUp();
            refuse(ctx, cannotSpool(e));
            return;
        }
        SpooledHttpRequest request =
                new SpooledHttpRequest(head, last.trailingHeaders().copy(), file, written);
        head = null;
        file = null;
        out = null;
        ctx.fireChannelRead(request);
    }

    /** Answers {@code response} and closes the connection, dropping what it still sends. */
    private void refuse(ChannelHandlerContext ctx, FullHttpResponse response) {
        refused = true;
        ctx.writeAndFlush(ControlResponses.closing(response)).addListener(ChannelFutureListener.CLOSE);
    }

    /** Closes and deletes the file of a body that will not be served. */
    private void cleanUp() {
        head = null;
        if (out != null) {
            try {
                out.close();
            } catch (IOException ignored) {
                // Deleted next: what it failed to write does not matter.
            }
            out = null;
        }
        if (file != null) {
            SpooledHttpRequest.deleteQuietly(file);
            file = null;
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        cleanUp();
        ctx.fireChannelInactive();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        cleanUp();
    }

    private FullHttpResponse tooLarge() {
        return errors.error(
                HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE,
                "too_large",
                "request body too large (expected: at most " + maxBytes + " bytes)");
    }

    private FullHttpResponse cannotSpool(IOException e) {
        return errors.error(
                HttpResponseStatus.INTERNAL_SERVER_ERROR,
                "internal_error",
                "cannot store the request body: " + e.getMessage());
    }

    private static boolean supportsPosix(Path dir) {
        return dir.getFileSystem().supportedFileAttributeViews().contains("posix");
    }

    private static FileAttribute<?> ownerOnly() {
        return PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));
    }
}
