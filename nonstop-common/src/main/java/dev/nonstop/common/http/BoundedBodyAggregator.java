package dev.nonstop.common.http;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.util.ReferenceCountUtil;

/**
 * Joins an authenticated request and its body into one message, up to {@code maxBody} bytes. A larger body, whether
 * its {@code Content-Length} says so, it announces it with {@code Expect: 100-continue} or it turns out larger while
 * it arrives, gets 413 in the API's problem format and the connection is closed; an expectation other than {@code
 * 100-continue} gets 417 the same way. (Netty's own answers to an {@code Expect} are empty.) Sits after {@link
 * BearerAuth}'s handler, so only authenticated bodies are ever buffered.
 */
public final class BoundedBodyAggregator extends HttpObjectAggregator {
    private final ErrorResponder errors;

    public BoundedBodyAggregator(int maxBody, ErrorResponder errors) {
        super(maxBody, true);
        if (maxBody < 0) {
            throw new IllegalArgumentException("maxBody: " + maxBody + " (expected: >= 0)");
        }
        this.errors = errors;
    }

    @Override
    protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) {
        ctx.writeAndFlush(ControlResponses.closing(tooLarge())).addListener(ChannelFutureListener.CLOSE);
    }

    @Override
    protected Object newContinueResponse(HttpMessage start, int maxContentLength, ChannelPipeline pipeline) {
        Object response = super.newContinueResponse(start, maxContentLength, pipeline);
        if (!(response instanceof HttpResponse refused)
                || refused.status().codeClass() != HttpStatusClass.CLIENT_ERROR) {
            return response;
        }
        HttpResponseStatus status = refused.status();
        ReferenceCountUtil.release(response);
        if (status.equals(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE)) {
            return ControlResponses.closing(tooLarge());
        }
        return ControlResponses.closing(errors.error(
                status, "expectation_failed", "unsupported expectation (expected: Expect: 100-continue or none)"));
    }

    private FullHttpResponse tooLarge() {
        return errors.error(
                HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE,
                "too_large",
                "request body too large (expected: at most " + maxContentLength() + " bytes)");
    }
}
