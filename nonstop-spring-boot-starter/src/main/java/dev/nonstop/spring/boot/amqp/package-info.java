/**
 * RabbitMQ consumers (Spring AMQP) as a drain participant: {@link
 * dev.nonstop.spring.boot.amqp.RabbitConsumersParticipant}, auto-configured by {@link
 * dev.nonstop.spring.boot.amqp.NonstopRabbitAutoConfiguration} when {@code spring-rabbit} is on the
 * classpath.
 */
package dev.nonstop.spring.boot.amqp;
