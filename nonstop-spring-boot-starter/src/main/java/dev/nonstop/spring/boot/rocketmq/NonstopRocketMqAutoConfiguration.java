package dev.nonstop.spring.boot.rocketmq;

import dev.nonstop.spring.boot.NonstopAutoConfiguration;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/** The {@code rocketmq} drain participant, when the app has {@code rocketmq-client}. */
@AutoConfiguration(after = NonstopAutoConfiguration.class)
@ConditionalOnClass(name = "org.apache.rocketmq.client.consumer.DefaultMQPushConsumer")
public class NonstopRocketMqAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    public RocketMqConsumersParticipant nonstopRocketMqConsumersParticipant(ListableBeanFactory beans) {
        return new RocketMqConsumersParticipant(beans);
    }
}
