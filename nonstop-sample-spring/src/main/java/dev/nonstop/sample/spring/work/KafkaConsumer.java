package dev.nonstop.sample.spring.work;

import dev.nonstop.sample.spring.AppIdentity;
import java.time.Duration;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Listens to {@code sample.kafka.topic} in group {@code sample.kafka.group} (default {@code nonstop-sample}): each
 * record's value is its id, recorded in the ledger once processed, before its offset is committed.
 */
@Component
@ConditionalOnProperty("sample.kafka.topic")
public class KafkaConsumer {

    private final Ledger ledger;
    private final AppIdentity identity;
    private final Duration work;

    KafkaConsumer(
            ObjectProvider<Ledger> ledger, AppIdentity identity, @Value("${sample.messages.work:0ms}") Duration work) {
        this.ledger = WorkConfiguration.required(ledger, "sample.kafka.topic");
        this.identity = identity;
        this.work = work;
    }

    @KafkaListener(topics = "${sample.kafka.topic}", groupId = "${sample.kafka.group:nonstop-sample}")
    public void on(String id) {
        Messages.process(ledger, "kafka", id, identity.instance(), work);
    }
}
