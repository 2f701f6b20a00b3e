package dev.nonstop.spring.boot.rocketmq;

import dev.nonstop.app.DrainParticipant;
import dev.nonstop.app.ParticipantStatus;
import dev.nonstop.spring.boot.messaging.ConsumerOperations;
import dev.nonstop.spring.boot.messaging.InHand;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.consumer.listener.MessageListener;
import org.apache.rocketmq.client.consumer.listener.MessageListenerConcurrently;
import org.apache.rocketmq.client.consumer.listener.MessageListenerOrderly;
import org.apache.rocketmq.client.exception.MQClientException;
import org.apache.rocketmq.client.hook.ConsumeMessageContext;
import org.apache.rocketmq.client.hook.ConsumeMessageHook;
import org.apache.rocketmq.client.impl.consumer.ProcessQueue;
import org.apache.rocketmq.common.MixAll;
import org.apache.rocketmq.common.ServiceState;
import org.apache.rocketmq.remoting.protocol.heartbeat.SubscriptionData;
import org.springframework.beans.BeanUtils;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.context.SmartLifecycle;

/**
 * The app's RocketMQ push consumers (every {@link DefaultMQPushConsumer} bean) as one drain
 * participant, {@code rocketmq}.
 *
 * <ul>
 *   <li><b>Drain</b>: the consumer is suspended (it pulls no more messages), the messages it had
 *       pulled are consumed, then it is shut down: its consume offsets are written to the broker and
 *       it leaves the group, so the broker gives its queues to the other instances. A message that
 *       has not been consumed when the consumer shuts down is not committed and goes to another
 *       instance (at-least-once).
 *   <li><b>Resume</b>: a consumer still waiting for its messages is resumed; one already shut down
 *       cannot start again (RocketMQ forbids it), so a new consumer with the same group,
 *       subscriptions, listener and settings is started in its place; it is the one drained and
 *       reported from then on. (An ACL {@code RPCHook} given to the original's constructor is not
 *       carried over.)
 *   <li><b>Status</b>: consumers running, draining or shut down, the messages pulled and not yet
 *       consumed, and the messages in hand per topic, counted by a consume hook. Idle when every
 *       consumer is shut down (or was never started) and nothing is in hand.
 * </ul>
 */
public final class RocketMqConsumersParticipant implements DrainParticipant, SmartLifecycle {

    public static final String NAME = "rocketmq";

    private final ListableBeanFactory beans;
    private final InHand inHand = new InHand("message(s)");
    private final ConsumerOperations operations = new ConsumerOperations("nonstop-rocketmq");
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "nonstop-rocketmq-drain");
        thread.setDaemon(true);
        return thread;
    });
    /** Each bean to the consumer that stands for it now (itself, or its replacement after a resume). */
    private final Map<DefaultMQPushConsumer, DefaultMQPushConsumer> current =
            Collections.synchronizedMap(new IdentityHashMap<>());

    private final Map<DefaultMQPushConsumer, Boolean> hooked = Collections.synchronizedMap(new IdentityHashMap<>());
    /** The consumers this participant shut down (or is shutting down), to replace on resume. */
    private final Map<DefaultMQPushConsumer, Boolean> drained = new ConcurrentHashMap<>();

    private volatile boolean draining;
    private volatile boolean started;

    public RocketMqConsumersParticipant(ListableBeanFactory beans) {
        this.beans = beans;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void drain() {
        draining = true;
        for (DefaultMQPushConsumer bean : beans()) {
            DefaultMQPushConsumer consumer = current(bean);
            hook(consumer);
            if (state(consumer) != ServiceState.RUNNING && !operations.pending(bean)) {
                continue; // never started, or shut down already
            }
            operations.submit(bean, "drain", () -> {
                DefaultMQPushConsumer now = current(bean);
                if (!draining || state(now) != ServiceState.RUNNING) {
                    return CompletableFuture.completedFuture(null);
                }
                drained.put(now, Boolean.TRUE);
                now.suspend();
                CompletableFuture<Void> done = new CompletableFuture<>();
                waitThenShutDown(now, done);
                return done;
            });
        }
    }

    /** Every 20 ms: once nothing pulled is left, shut the consumer down; a resume meanwhile calls it off. */
    private void waitThenShutDown(DefaultMQPushConsumer consumer, CompletableFuture<Void> done) {
        if (!draining) {
            consumer.resume();
            drained.remove(consumer);
            done.complete(null);
        } else if (held(consumer) == 0 && inHand.total() == 0) {
            consumer.shutdown();
            done.complete(null);
        } else {
            ticker.schedule(() -> waitThenShutDown(consumer, done), 20, TimeUnit.MILLISECONDS);
        }
    }

    @Override
    public void resume() {
        draining = false;
        for (DefaultMQPushConsumer bean : beans()) {
            operations.submit(bean, "resume", () -> {
                DefaultMQPushConsumer now = current(bean);
                if (!draining && drained.remove(now) != null && state(now) == ServiceState.SHUTDOWN_ALREADY) {
                    DefaultMQPushConsumer fresh = replacement(now);
                    hook(fresh);
                    try {
                        fresh.start();
                    } catch (MQClientException e) {
                        throw new IllegalStateException(
                                "restarting the consumer of group " + now.getConsumerGroup() + " failed: "
                                        + e.getMessage(),
                                e);
                    }
                    current.put(bean, fresh);
                }
                return CompletableFuture.completedFuture(null);
            });
        }
    }

    @Override
    public ParticipantStatus status() {
        int running = 0;
        int stopping = 0;
        long held = 0;
        List<String> groups = new ArrayList<>();
        for (DefaultMQPushConsumer bean : beans()) {
            DefaultMQPushConsumer consumer = current(bean);
            ServiceState state = state(consumer);
            if (operations.pending(bean)) {
                stopping++;
            } else if (state == ServiceState.RUNNING) {
                running++;
            }
            if (state == ServiceState.RUNNING) {
                held += held(consumer);
            }
            groups.add(consumer.getConsumerGroup());
        }
        long messages = inHand.total();
        String detail = groups.size() + " consumer(s) " + groups + ": " + running + " running"
                + (stopping > 0 ? ", " + stopping + " draining/restarting" : "") + ", " + held
                + " message(s) pulled not yet consumed; " + inHand.describe("topic");
        return new ParticipantStatus(running == 0 && stopping == 0 && messages == 0, Math.max(messages, held), detail);
    }

    private List<DefaultMQPushConsumer> beans() {
        return new ArrayList<>(
                beans.getBeansOfType(DefaultMQPushConsumer.class, false, false).values());
    }

    private DefaultMQPushConsumer current(DefaultMQPushConsumer bean) {
        return current.getOrDefault(bean, bean);
    }

    private static ServiceState state(DefaultMQPushConsumer consumer) {
        return consumer.getDefaultMQPushConsumerImpl().getServiceState();
    }

    /** Messages pulled and not yet consumed (those in the listener included). */
    private static long held(DefaultMQPushConsumer consumer) {
        long count = 0;
        for (ProcessQueue queue : consumer.getDefaultMQPushConsumerImpl()
                .getRebalanceImpl()
                .getProcessQueueTable()
                .values()) {
            if (!queue.isDropped()) {
                count += queue.getMsgCount().get();
            }
        }
        return count;
    }

    private void hook(DefaultMQPushConsumer consumer) {
        if (hooked.putIfAbsent(consumer, Boolean.TRUE) == null) {
            consumer.getDefaultMQPushConsumerImpl().registerConsumeMessageHook(new CountingHook(inHand));
        }
    }

    /** A consumer like {@code old}: same settings, subscriptions and listener; a fresh offset store and instance. */
    static DefaultMQPushConsumer replacement(DefaultMQPushConsumer old) {
        DefaultMQPushConsumer fresh = new DefaultMQPushConsumer(old.getConsumerGroup());
        BeanUtils.copyProperties(old, fresh, "offsetStore", "instanceName", "subscription", "messageListener");
        for (SubscriptionData subscription : old.getDefaultMQPushConsumerImpl()
                .getRebalanceImpl()
                .getSubscriptionInner()
                .values()) {
            if (subscription.getTopic().startsWith(MixAll.RETRY_GROUP_TOPIC_PREFIX)) {
                continue; // the consumer subscribes to its retry topic itself
            }
            try {
                fresh.subscribe(subscription.getTopic(), subscription.getSubString());
            } catch (MQClientException e) {
                throw new IllegalStateException(
                        "subscription to " + subscription.getTopic() + ": " + e.getMessage(), e);
            }
        }
        MessageListener listener = old.getMessageListener();
        if (listener instanceof MessageListenerOrderly orderly) {
            fresh.registerMessageListener(orderly);
        } else if (listener instanceof MessageListenerConcurrently concurrently) {
            fresh.registerMessageListener(concurrently);
        } else {
            fresh.registerMessageListener(listener);
        }
        return fresh;
    }

    /** Counts the messages in the listener, from before it is called until it has returned. */
    static final class CountingHook implements ConsumeMessageHook {

        private static final String COUNTED = "nonstop.counted";

        private final InHand inHand;

        CountingHook(InHand inHand) {
            this.inHand = inHand;
        }

        @Override
        public String hookName() {
            return "nonstop-in-hand";
        }

        @Override
        public void consumeMessageBefore(ConsumeMessageContext context) {
            if (context.getProps() == null) {
                context.setProps(new HashMap<>());
            }
            context.getProps().put(COUNTED, "true");
            inHand.enter(topic(context), context.getMsgList().size());
        }

        /** Only what was counted on the way in: the hook may be added while a consumption is under way. */
        @Override
        public void consumeMessageAfter(ConsumeMessageContext context) {
            if (context.getProps() != null && context.getProps().remove(COUNTED) != null) {
                inHand.exit(topic(context), context.getMsgList().size());
            }
        }

        private static String topic(ConsumeMessageContext context) {
            return context.getMq() == null ? null : context.getMq().getTopic();
        }
    }

    /** The hooks go in before the app's lifecycle beans start; consumers started in their bean method get them too. */
    @Override
    public void start() {
        beans().forEach(bean -> hook(current(bean)));
        started = true;
    }

    /** The replacements started by a resume are not beans: they are shut down with the app. */
    @Override
    public void stop() {
        started = false;
        List<DefaultMQPushConsumer> replacements;
        synchronized (current) {
            replacements = new ArrayList<>();
            current.forEach((bean, consumer) -> {
                if (consumer != bean) {
                    replacements.add(consumer);
                }
            });
        }
        replacements.forEach(DefaultMQPushConsumer::shutdown);
        ticker.shutdownNow();
        operations.shutdown();
    }

    @Override
    public boolean isRunning() {
        return started;
    }

    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 1000;
    }
}
