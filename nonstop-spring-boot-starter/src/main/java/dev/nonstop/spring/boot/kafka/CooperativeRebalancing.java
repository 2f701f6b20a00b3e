package dev.nonstop.spring.boot.kafka;

import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;

/**
 * Sets {@code partition.assignment.strategy} to {@link CooperativeStickyAssignor} on every {@link
 * DefaultKafkaConsumerFactory} whose configuration does not set it (Spring Boot's included, unless
 * {@code spring.kafka.consumer.properties.partition.assignment.strategy} says otherwise): when a
 * drained instance leaves the group, only its partitions move, and the other instances keep
 * consuming the rest meanwhile (with the eager assignors every member stops during each rebalance).
 * A group whose running instances use Kafka's default ({@code RangeAssignor,
 * CooperativeStickyAssignor}) accepts the new ones, since both support the cooperative protocol.
 */
final class CooperativeRebalancing implements BeanPostProcessor {

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) {
        if (bean instanceof DefaultKafkaConsumerFactory<?, ?> factory
                && !factory.getConfigurationProperties()
                        .containsKey(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG)) {
            factory.updateConfigs(Map.of(
                    ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, CooperativeStickyAssignor.class.getName()));
        }
        return bean;
    }
}
