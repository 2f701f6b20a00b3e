package dev.nonstop.spring.boot.kafka;

import dev.nonstop.spring.boot.messaging.Ledger;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.listener.RecordInterceptor;
import org.springframework.stereotype.Component;

/** A Spring Boot app with a {@code @KafkaListener} as users write them, on the topic {@code test.topic}. */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import(KafkaConsumerApp.Consumer.class)
public class KafkaConsumerApp {

    /** Records seen by the app's own interceptor: the starter's counting one must come in addition, not instead. */
    public static final AtomicLong INTERCEPTED = new AtomicLong();

    @Bean
    RecordInterceptor<Object, Object> appInterceptor() {
        return (record, consumer) -> {
            INTERCEPTED.incrementAndGet();
            return record;
        };
    }

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
