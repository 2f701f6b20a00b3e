package dev.nonstop.spring.boot3;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.amqp.rabbit.annotation.RabbitListener;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Import;
import org.springframework.stereotype.Component;

/**
 * A Spring Boot 3.5 app with a {@code @RabbitListener} on {@code ${test.queue}}: each message body
 * {@code m-<id>} takes 5 ms of work; {@code hold-<id>} waits until the test releases it. What it
 * did is kept in static sets the test reads (one JVM).
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import(Boot3RabbitConsumerApp.Consumer.class)
public class Boot3RabbitConsumerApp {

    static final Set<String> STARTED = ConcurrentHashMap.newKeySet();
    static final Map<String, AtomicInteger> PROCESSED = new ConcurrentHashMap<>();
    static volatile CountDownLatch hold = new CountDownLatch(1);

    static void reset() {
        hold.countDown();
        hold = new CountDownLatch(1);
        STARTED.clear();
        PROCESSED.clear();
    }

    @Component
    static class Consumer {

        @RabbitListener(queues = "${test.queue}")
        public void on(String body) throws InterruptedException {
            STARTED.add(body);
            if (body.startsWith("hold-")) {
                hold.await(30, TimeUnit.SECONDS);
            } else {
                Thread.sleep(5); // the app's work on the message
            }
            PROCESSED.computeIfAbsent(body, b -> new AtomicInteger()).incrementAndGet();
        }
    }
}
