/**
 * Kafka consumers (spring-kafka) as a drain participant: {@link
 * dev.nonstop.spring.boot.kafka.KafkaConsumersParticipant}, auto-configured by {@link
 * dev.nonstop.spring.boot.kafka.NonstopKafkaAutoConfiguration} when {@code spring-kafka} is on the
 * classpath, with cooperative rebalancing by default ({@link
 * dev.nonstop.spring.boot.kafka.CooperativeRebalancing}).
 */
package dev.nonstop.spring.boot.kafka;
