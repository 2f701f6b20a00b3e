package dev.nonstop.spring.boot.rocketmq;

import dev.nonstop.spring.boot.messaging.Ledger;
import java.nio.charset.StandardCharsets;
import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.consumer.listener.ConsumeConcurrentlyStatus;
import org.apache.rocketmq.client.consumer.listener.MessageListenerConcurrently;
import org.apache.rocketmq.client.exception.MQClientException;
import org.apache.rocketmq.common.consumer.ConsumeFromWhere;
import org.apache.rocketmq.common.message.MessageExt;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;

/** A Spring Boot app with a RocketMQ push consumer as users declare it: a bean started in its factory method. */
@SpringBootConfiguration
@EnableAutoConfiguration
public class RocketMqConsumerApp {

    @Bean(destroyMethod = "shutdown")
    DefaultMQPushConsumer consumer(
            @Value("${test.namesrv}") String namesrv,
            @Value("${test.topic}") String topic,
            @Value("${test.group}") String group,
            @Value("${nonstop.instance.id}") String instance)
            throws MQClientException {
        DefaultMQPushConsumer consumer = new DefaultMQPushConsumer(group);
        consumer.setNamesrvAddr(namesrv);
        consumer.setConsumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET);
        consumer.subscribe(topic, "*");
        consumer.registerMessageListener((MessageListenerConcurrently) (messages, context) -> {
            for (MessageExt message : messages) {
                Ledger.handle(instance, new String(message.getBody(), StandardCharsets.UTF_8), 1);
            }
            return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
        });
        consumer.start();
        return consumer;
    }
}
