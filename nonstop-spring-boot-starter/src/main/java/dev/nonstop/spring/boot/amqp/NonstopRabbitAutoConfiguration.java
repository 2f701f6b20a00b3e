package dev.nonstop.spring.boot.amqp;

import dev.nonstop.spring.boot.NonstopAutoConfiguration;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/** The {@code rabbitmq} drain participant, when the app has Spring AMQP's {@code spring-rabbit}. */
@AutoConfiguration(after = NonstopAutoConfiguration.class)
@ConditionalOnClass(name = "org.springframework.amqp.rabbit.listener.AbstractMessageListenerContainer")
public class NonstopRabbitAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    public RabbitConsumersParticipant nonstopRabbitConsumersParticipant(ListableBeanFactory beans) {
        return new RabbitConsumersParticipant(beans);
    }
}
