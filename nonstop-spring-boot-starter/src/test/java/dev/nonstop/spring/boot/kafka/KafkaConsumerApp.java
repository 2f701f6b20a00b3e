package dev.nonstop.spring.boot.kafka;

import dev.nonstop.spring.boot.messaging.Ledger;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Import;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/** A Spring Boot app with a {@code @KafkaListener} as users write them, on the topic {@code test.topic}. */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import(KafkaConsumerApp.Consumer.class)
public class KafkaConsumerApp {

    @Component
    public static class Consumer {

        @Value("${nonstop.instance.id}")
        String instance;

        @KafkaListener(topics = "${test.topic}", groupId = "${test.group}")
        public void on(String value) {
            Ledger.handle(instance, value, 1);
        }
    }
}
