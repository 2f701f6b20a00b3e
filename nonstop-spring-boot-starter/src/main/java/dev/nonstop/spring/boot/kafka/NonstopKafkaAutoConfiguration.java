package dev.nonstop.spring.boot.kafka;

import dev.nonstop.spring.boot.NonstopAutoConfiguration;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;

/**
 * The {@code kafka} drain participant, when the app has {@code spring-kafka}, and cooperative
 * rebalancing by default ({@code nonstop.kafka.cooperative-rebalancing=false} turns that off).
 */
@AutoConfiguration(after = NonstopAutoConfiguration.class)
@ConditionalOnClass(name = "org.springframework.kafka.listener.AbstractMessageListenerContainer")
public class NonstopKafkaAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    public KafkaConsumersParticipant nonstopKafkaConsumersParticipant(ListableBeanFactory beans) {
        return new KafkaConsumersParticipant(beans);
    }

    @Bean
    @ConditionalOnProperty(name = "nonstop.kafka.cooperative-rebalancing", havingValue = "true", matchIfMissing = true)
    public static BeanPostProcessor nonstopKafkaCooperativeRebalancing() {
        return new CooperativeRebalancing();
    }
}
