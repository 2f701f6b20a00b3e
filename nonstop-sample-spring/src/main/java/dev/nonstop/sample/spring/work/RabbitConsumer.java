package dev.nonstop.sample.spring.work;

import dev.nonstop.sample.spring.AppIdentity;
import java.time.Duration;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.rabbit.annotation.RabbitListener;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Consumes {@code sample.rabbit.queue} (declared durable when missing): each message's body is its id, recorded in
 * the ledger once processed, before the ack.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty("sample.rabbit.queue")
public class RabbitConsumer {

    private final Ledger ledger;
    private final AppIdentity identity;
    private final Duration work;

    RabbitConsumer(
            ObjectProvider<Ledger> ledger, AppIdentity identity, @Value("${sample.messages.work:0ms}") Duration work) {
        this.ledger = WorkConfiguration.required(ledger, "sample.rabbit.queue");
        this.identity = identity;
        this.work = work;
    }

    @Bean
    Queue sampleQueue(@Value("${sample.rabbit.queue}") String queue) {
        return new Queue(queue, true);
    }

    @RabbitListener(queues = "${sample.rabbit.queue}")
    public void on(String id) {
        Messages.process(ledger, "rabbitmq", id, identity.instance(), work);
    }
}
