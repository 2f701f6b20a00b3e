package dev.nonstop.spring.boot.amqp;

import dev.nonstop.app.DrainParticipant;
import dev.nonstop.app.ParticipantStatus;
import dev.nonstop.spring.boot.messaging.ConsumerOperations;
import dev.nonstop.spring.boot.messaging.InHand;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import org.springframework.amqp.core.MessageListener;
import org.springframework.amqp.rabbit.listener.AbstractMessageListenerContainer;
import org.springframework.amqp.rabbit.listener.MessageListenerContainer;
import org.springframework.amqp.rabbit.listener.RabbitListenerEndpointRegistry;
import org.springframework.amqp.rabbit.support.ListenerContainerAware;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.context.SmartLifecycle;

/**
 * The app's RabbitMQ consumers as one drain participant, {@code rabbitmq}: every listener container
 * of the {@link RabbitListenerEndpointRegistry} ({@code @RabbitListener}s) and every container bean.
 *
 * <ul>
 *   <li><b>Drain</b>: each running container is stopped, off the caller's thread. A container stops
 *       taking deliveries (its consumers are cancelled), the messages its listener is handling
 *       finish and are acked, and the ones the broker had sent ahead (prefetch) but the listener had
 *       not started are not processed: the drain sets the container's {@code forceStop}, so they go
 *       back to the queue unacked, for the other instances.
 *   <li><b>Resume</b>: the containers the drain stopped are started again.
 *   <li><b>Status</b>: how many containers run, how many are still stopping, and the messages in
 *       hand per queue, counted by a wrapper around each container's listener (from delivery to the
 *       listener until it returns). Idle when no container runs or is stopping and no message is in
 *       hand: a listener stuck on a message keeps the participant busy, naming the queue.
 * </ul>
 */
public final class RabbitConsumersParticipant implements DrainParticipant, SmartLifecycle {

    public static final String NAME = "rabbitmq";

    private final ListableBeanFactory beans;
    private final InHand inHand = new InHand("message(s)");
    private final ConsumerOperations operations = new ConsumerOperations("nonstop-rabbitmq");
    private final Set<MessageListenerContainer> stoppedByDrain =
            Collections.synchronizedSet(Collections.newSetFromMap(new IdentityHashMap<>()));
    private volatile boolean started;

    public RabbitConsumersParticipant(ListableBeanFactory beans) {
        this.beans = beans;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void drain() {
        for (MessageListenerContainer container : containers()) {
            count(container);
            synchronized (stoppedByDrain) {
                if (!container.isRunning() && !stoppedByDrain.contains(container) && !operations.pending(container)) {
                    continue; // stopped by the app itself: not ours to start again on resume
                }
                stoppedByDrain.add(container);
            }
            if (container instanceof AbstractMessageListenerContainer amlc) {
                amlc.setForceStop(true);
            }
            operations.submitBlocking(container, "stop", container::stop);
        }
    }

    @Override
    public void resume() {
        MessageListenerContainer[] toStart;
        synchronized (stoppedByDrain) {
            toStart = stoppedByDrain.toArray(MessageListenerContainer[]::new);
            stoppedByDrain.clear();
        }
        for (MessageListenerContainer container : toStart) {
            operations.submitBlocking(container, "start", container::start);
        }
    }

    @Override
    public ParticipantStatus status() {
        Set<MessageListenerContainer> containers = containers();
        int running = 0;
        int stopping = 0;
        for (MessageListenerContainer container : containers) {
            if (operations.pending(container)) {
                stopping++;
            } else if (container.isRunning()) {
                running++;
            }
        }
        long messages = inHand.total();
        String detail = containers.size() + " container(s): " + running + " running"
                + (stopping > 0 ? ", " + stopping + " stopping/starting" : "") + "; " + inHand.describe("queue");
        return new ParticipantStatus(running == 0 && stopping == 0 && messages == 0, messages, detail);
    }

    /** The in-hand counter, for tests and metrics. */
    public long messagesInHand() {
        return inHand.total();
    }

    private Set<MessageListenerContainer> containers() {
        Set<MessageListenerContainer> all = Collections.newSetFromMap(new IdentityHashMap<>());
        for (RabbitListenerEndpointRegistry registry : beans.getBeansOfType(
                        RabbitListenerEndpointRegistry.class, false, false)
                .values()) {
            all.addAll(registry.getListenerContainers());
        }
        all.addAll(beans.getBeansOfType(MessageListenerContainer.class, false, false)
                .values());
        return all;
    }

    /** Wraps the container's listener in a counting one, once; a RabbitTemplate's reply container is left alone. */
    private void count(MessageListenerContainer container) {
        if (!(container instanceof AbstractMessageListenerContainer amlc)) {
            return;
        }
        MessageListener listener = amlc.getMessageListener();
        if (listener == null
                || listener instanceof CountingListeners.Counting
                || listener instanceof ListenerContainerAware) {
            return;
        }
        amlc.setMessageListener(CountingListeners.wrap(listener, inHand));
    }

    /** Before the containers start (they start in the last phase), their listeners are wrapped. */
    @Override
    public void start() {
        containers().forEach(this::count);
        started = true;
    }

    @Override
    public void stop() {
        started = false;
    }

    @Override
    public boolean isRunning() {
        return started;
    }

    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 1000;
    }

    @Override
    public String toString() {
        return "RabbitConsumersParticipant[" + inHand.describe("queue") + "]";
    }
}
