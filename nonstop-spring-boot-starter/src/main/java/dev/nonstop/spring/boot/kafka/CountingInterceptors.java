package dev.nonstop.spring.boot.kafka;

import dev.nonstop.spring.boot.messaging.InHand;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.springframework.kafka.listener.BatchInterceptor;
import org.springframework.kafka.listener.RecordInterceptor;

/**
 * Count the records in hand: a record from the moment it is handed to the listener until the
 * listener has returned (success or failure); a batch likewise. Placed last among the
 * container's interceptors, so a record another interceptor filters out is never counted.
 */
final class CountingInterceptors {

    private CountingInterceptors() {}

    static final class Records implements RecordInterceptor<Object, Object> {

        private final InHand inHand;

        Records(InHand inHand) {
            this.inHand = inHand;
        }

        @Override
        public ConsumerRecord<Object, Object> intercept(
                ConsumerRecord<Object, Object> record, Consumer<Object, Object> consumer) {
            inHand.enter(record.topic(), 1);
            return record;
        }

        @Override
        public void afterRecord(ConsumerRecord<Object, Object> record, Consumer<Object, Object> consumer) {
            inHand.exit(record.topic(), 1);
        }
    }

    static final class Batches implements BatchInterceptor<Object, Object> {

        private final InHand inHand;

        Batches(InHand inHand) {
            this.inHand = inHand;
        }

        @Override
        public ConsumerRecords<Object, Object> intercept(
                ConsumerRecords<Object, Object> records, Consumer<Object, Object> consumer) {
            records.partitions()
                    .forEach(p -> inHand.enter(p.topic(), records.records(p).size()));
            return records;
        }

        @Override
        public void success(ConsumerRecords<Object, Object> records, Consumer<Object, Object> consumer) {
            done(records);
        }

        @Override
        public void failure(
                ConsumerRecords<Object, Object> records, Exception exception, Consumer<Object, Object> consumer) {
            done(records);
        }

        private void done(ConsumerRecords<Object, Object> records) {
            records.partitions()
                    .forEach(p -> inHand.exit(p.topic(), records.records(p).size()));
        }
    }
}
