package dev.nonstop.spring.boot.kafka;

import dev.nonstop.app.DrainParticipant;
import dev.nonstop.app.ParticipantStatus;
import dev.nonstop.spring.boot.messaging.ConsumerOperations;
import dev.nonstop.spring.boot.messaging.InHand;
import java.lang.reflect.Method;
import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.TopicPartition;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.AbstractMessageListenerContainer;
import org.springframework.kafka.listener.BatchInterceptor;
import org.springframework.kafka.listener.CompositeBatchInterceptor;
import org.springframework.kafka.listener.CompositeRecordInterceptor;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.kafka.listener.RecordInterceptor;
import org.springframework.util.ReflectionUtils;

/**
 * The app's Kafka consumers as one drain participant, {@code kafka}: every listener container of
 * the {@link KafkaListenerEndpointRegistry} ({@code @KafkaListener}s) and every container bean.
 *
 * <ul>
 *   <li><b>Drain</b>: each running container is stopped (not paused: a paused consumer keeps its
 *       partitions, so their records would wait for this instance). A stopping container lets its
 *       listener finish the records of the current poll, commits their offsets, and its consumer
 *       leaves the group, so the partitions move to the other instances (with no stop-the-world
 *       pause under cooperative rebalancing, the default the starter sets, see {@link
 *       CooperativeRebalancing}). The records it had not handled are not committed: another
 *       instance reads them. Nothing is skipped; a record may be handled twice if the app fails
 *       between handling it and the commit (at-least-once, as always with Kafka).
 *   <li><b>Resume</b>: the containers the drain stopped are started again and rejoin the group.
 *   <li><b>Status</b>: containers running or still stopping, partitions assigned, and the records
 *       in hand per topic, counted by an interceptor placed after the app's own. Idle when no
 *       container runs or is stopping and no record is in hand.
 * </ul>
 */
public final class KafkaConsumersParticipant implements DrainParticipant, SmartLifecycle {

    public static final String NAME = "kafka";

    private final ListableBeanFactory beans;
    private final InHand inHand = new InHand("record(s)");
    private final ConsumerOperations operations = new ConsumerOperations("nonstop-kafka");
    private final Set<MessageListenerContainer> counted =
            Collections.synchronizedSet(Collections.newSetFromMap(new IdentityHashMap<>()));
    private final Set<MessageListenerContainer> stoppedByDrain =
            Collections.synchronizedSet(Collections.newSetFromMap(new IdentityHashMap<>()));
    private volatile boolean started;

    public KafkaConsumersParticipant(ListableBeanFactory beans) {
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
            operations.submit(container, "stop", () -> {
                CompletableFuture<Void> stopped = new CompletableFuture<>();
                container.stop(() -> stopped.complete(null));
                return stopped;
            });
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
        int partitions = 0;
        for (MessageListenerContainer container : containers) {
            if (operations.pending(container)) {
                stopping++;
            } else if (container.isRunning()) {
                running++;
            }
            Collection<TopicPartition> assigned = container.isRunning() ? container.getAssignedPartitions() : null;
            partitions += assigned == null ? 0 : assigned.size();
        }
        long records = inHand.total();
        String detail = containers.size() + " container(s): " + running + " running"
                + (stopping > 0 ? ", " + stopping + " stopping/starting" : "") + ", " + partitions
                + " partition(s) assigned; " + inHand.describe("topic");
        return new ParticipantStatus(running == 0 && stopping == 0 && records == 0, records, detail);
    }

    private Set<MessageListenerContainer> containers() {
        Set<MessageListenerContainer> all = Collections.newSetFromMap(new IdentityHashMap<>());
        for (KafkaListenerEndpointRegistry registry : beans.getBeansOfType(
                        KafkaListenerEndpointRegistry.class, false, false)
                .values()) {
            all.addAll(registry.getListenerContainers());
        }
        all.addAll(beans.getBeansOfType(MessageListenerContainer.class, false, false)
                .values());
        return all;
    }

    /** Adds the counting interceptors after the container's own, once; takes effect when the container starts. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private void count(MessageListenerContainer container) {
        if (!(container instanceof AbstractMessageListenerContainer amlc) || !counted.add(container)) {
            return;
        }
        RecordInterceptor records = new CountingInterceptors.Records(inHand);
        RecordInterceptor ownRecords = (RecordInterceptor) own(amlc, "getRecordInterceptor");
        amlc.setRecordInterceptor(ownRecords == null ? records : new CompositeRecordInterceptor(ownRecords, records));
        BatchInterceptor batches = new CountingInterceptors.Batches(inHand);
        BatchInterceptor ownBatches = (BatchInterceptor) own(amlc, "getBatchInterceptor");
        amlc.setBatchInterceptor(ownBatches == null ? batches : new CompositeBatchInterceptor(ownBatches, batches));
    }

    /** The container's own interceptor: the getter is public in spring-kafka 4, protected in 3 (Spring Boot 3.5). */
    private static Object own(AbstractMessageListenerContainer<?, ?> container, String getter) {
        Method method = ReflectionUtils.findMethod(container.getClass(), getter);
        if (method == null) {
            throw new IllegalStateException(container.getClass().getName() + " has no " + getter + "()");
        }
        ReflectionUtils.makeAccessible(method);
        return ReflectionUtils.invokeMethod(method, container);
    }

    /** Before the containers start (they start in a later phase), the counting interceptors are added. */
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
        return "KafkaConsumersParticipant[" + inHand.describe("topic") + "]";
    }
}
