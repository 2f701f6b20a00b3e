/**
 * RocketMQ push consumers ({@code rocketmq-client} 5.x, {@code DefaultMQPushConsumer}) as a drain
 * participant: {@link dev.nonstop.spring.boot.rocketmq.RocketMqConsumersParticipant}, auto-configured
 * by {@link dev.nonstop.spring.boot.rocketmq.NonstopRocketMqAutoConfiguration} when the client is on
 * the classpath.
 */
package dev.nonstop.spring.boot.rocketmq;
