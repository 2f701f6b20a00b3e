package dev.nonstop.spring.boot.amqp;

import dev.nonstop.spring.boot.messaging.Ledger;
import org.springframework.amqp.rabbit.annotation.RabbitListener;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Import;
import org.springframework.stereotype.Component;

/** A Spring Boot app with a {@code @RabbitListener} as users write them, on the queue {@code test.queue}. */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import(RabbitConsumerApp.Consumer.class)
public class RabbitConsumerApp {

    @Component
    public static class Consumer {

        @Value("${nonstop.instance.id}")
        String instance;

        @RabbitListener(queues = "${test.queue}")
        public void on(String body) {
            Ledger.handle(instance, body, 2);
        }
    }
}
