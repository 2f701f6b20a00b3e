package dev.nonstop.controller.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nonstop.common.http.ControlResponses;
import dev.nonstop.controller.store.ControllerStore;
import dev.nonstop.controller.store.Release;
import dev.nonstop.controller.store.StepRecord;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /api/releases/{id}/events}: one release's events as server-sent events on one connection.
 *
 * <p>What the stream sends, in order:
 *
 * <ol>
 *   <li>{@code release}: the release as stored now (no id);
 *   <li>{@code step}: the step log from the store, oldest first, ids {@code step-<row>} (after the row named by a
 *       {@code Last-Event-ID: step-<row>});
 *   <li>{@code transition} and {@code state}: live events from {@link ReleaseEvents}, ids {@code <epoch>-<n>}. A
 *       {@code Last-Event-ID} of this process's epoch resumes right after it, without the store replay, when the bus
 *       still holds what came since; anything else replays the store;
 *   <li>{@code end}: once the release is settled; then the connection closes.
 * </ol>
 *
 * A live event may repeat what a replayed step already said (the runner records a step, then publishes its
 * transition): a client keeps the latest per instance. A comment line keeps the connection open every {@code
 * keepAlive}; at that moment the stored state is checked too, so a release settled by another controller ends the
 * stream as well.
 */
final class ReleaseEventStream {
    private static final Logger log = LoggerFactory.getLogger(ReleaseEventStream.class);
    private static final String STEP_PREFIX = "step-";

    private final Channel channel;
    private final ControllerStore store;
    private final ReleaseEvents events;
    private final Executor worker;
    private final String releaseId;
    private final List<ReleaseEvents.Sequenced> buffered = new ArrayList<>();
    private boolean replaying = true;
    private boolean ended;
    private ReleaseEvents.Subscription subscription;
    private ScheduledFuture<?> keepAliveTask;

    private ReleaseEventStream(
            Channel channel, ControllerStore store, ReleaseEvents events, Executor worker, String releaseId) {
        this.channel = channel;
        this.store = store;
        this.events = events;
        this.worker = worker;
        this.releaseId = releaseId;
    }

    /** On a worker: answers the request on {@code call}'s connection until the release settles or the client goes. */
    static void serve(ApiCall call, ControllerStore store, ReleaseEvents events, Executor worker, Duration keepAlive) {
        String id = call.param("id");
        Release release = store.release(id).orElseThrow(() -> ApiException.notFound("release " + id + ": not found"));
        String lastEventId = call.request.headers().get("Last-Event-ID");
        ReleaseEventStream stream = new ReleaseEventStream(call.request.channel(), store, events, worker, id);
        stream.start(release, lastEventId == null ? "" : lastEventId.strip(), keepAlive);
    }

    private void start(Release release, String lastEventId, Duration keepAlive) {
        if (channel.pipeline().get("readTimeout") != null) {
            channel.pipeline().remove("readTimeout");
        }
        HttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
        head.headers()
                .set(HttpHeaderNames.CONTENT_TYPE, "text/event-stream; charset=utf-8")
                .set(HttpHeaderNames.CACHE_CONTROL, HttpHeaderValues.NO_STORE)
                .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        HttpUtil.setTransferEncodingChunked(head, true);
        channel.writeAndFlush(head);
        channel.closeFuture().addListener(f -> stop());
        long keepAliveMillis = Math.max(1, keepAlive.toMillis());
        keepAliveTask = channel.eventLoop()
                .scheduleAtFixedRate(this::keepAlive, keepAliveMillis, keepAliveMillis, TimeUnit.MILLISECONDS);

        String prefix = events.epoch() + "-";
        if (lastEventId.startsWith(prefix)) {
            long after = parse(lastEventId.substring(prefix.length()));
            send(null, "release", ApiJson.release(release));
            synchronized (this) {
                replaying = false;
                subscription = events.subscribe(releaseId, after, this::onLive);
            }
            if (subscription.complete()) {
                if (release.state().isSettled()) {
                    end(release);
                }
                return;
            }
            subscription.close();
            synchronized (this) {
                replaying = true;
                buffered.clear();
            }
        }
        long afterStep = lastEventId.startsWith(STEP_PREFIX) ? parse(lastEventId.substring(STEP_PREFIX.length())) : 0;
        replay(afterStep);
    }

    /** Subscribes to what comes next, replays the store, then sends what came meanwhile. */
    private void replay(long afterStep) {
        ReleaseEvents.Subscription live = events.subscribeToNew(releaseId, this::onLive);
        synchronized (this) {
            subscription = live;
        }
        Release now = store.release(releaseId).orElseThrow();
        send(null, "release", ApiJson.release(now));
        for (StepRecord step : store.steps(releaseId)) {
            if (step.id() > afterStep) {
                send(STEP_PREFIX + step.id(), "step", ApiJson.step(step));
            }
        }
        synchronized (this) {
            replaying = false;
            for (ReleaseEvents.Sequenced event : buffered) {
                sendLive(event);
            }
            buffered.clear();
        }
        if (now.state().isSettled()) {
            end(now);
        }
    }

    private synchronized void onLive(ReleaseEvents.Sequenced event) {
        if (replaying) {
            buffered.add(event);
        } else {
            sendLive(event);
        }
    }

    /** Called holding the lock. */
    private void sendLive(ReleaseEvents.Sequenced sequenced) {
        if (ended) {
            return;
        }
        String id = events.epoch() + "-" + sequenced.sequence();
        switch (sequenced.event()) {
            case ReleaseEvent.InstanceMoved moved -> send(id, "transition", ApiJson.event(moved));
            case ReleaseEvent.InFlight progress -> send(id, "progress", ApiJson.event(progress));
            case ReleaseEvent.Traffic traffic -> send(id, "traffic", ApiJson.event(traffic));
            case ReleaseEvent.StateChanged changed -> {
                send(id, "state", ApiJson.event(changed));
                if (changed.to().isSettled()) {
                    endWith(changed.to().name());
                }
            }
        }
    }

    private void end(Release release) {
        synchronized (this) {
            endWith(release.state().name());
        }
    }

    /** Called holding the lock. */
    private void endWith(String state) {
        if (ended) {
            return;
        }
        ended = true;
        ObjectNode data = ControlResponses.JSON
                .createObjectNode()
                .put("releaseId", releaseId)
                .put("state", state);
        send(null, "end", data);
        channel.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT).addListener(ChannelFutureListener.CLOSE);
    }

    /** On the event loop: a comment line, and a look at the stored state off the loop. */
    private void keepAlive() {
        write(": keep-alive\n\n");
        try {
            worker.execute(() -> {
                try {
                    store.release(releaseId).filter(r -> r.state().isSettled()).ifPresent(this::end);
                } catch (RuntimeException e) {
                    log.debug("events of release {}: cannot read its state: {}", releaseId, e.toString());
                }
            });
        } catch (RejectedExecutionException closing) {
            channel.close();
        }
    }

    private void stop() {
        ReleaseEvents.Subscription s;
        synchronized (this) {
            ended = true;
            s = subscription;
        }
        if (s != null) {
            s.close();
        }
        if (keepAliveTask != null) {
            keepAliveTask.cancel(false);
        }
    }

    private void send(String id, String event, ObjectNode data) {
        StringBuilder text = new StringBuilder();
        if (id != null) {
            text.append("id: ").append(id).append('\n');
        }
        text.append("event: ").append(event).append('\n');
        text.append("data: ").append(data.toString()).append("\n\n");
        write(text.toString());
    }

    private void write(String text) {
        if (channel.isActive()) {
            channel.writeAndFlush(new DefaultHttpContent(Unpooled.copiedBuffer(text, StandardCharsets.UTF_8)));
        }
    }

    private static long parse(String number) {
        try {
            return Long.parseLong(number);
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
