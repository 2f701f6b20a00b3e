/**
 * What the message consumer participants ({@code amqp}, {@code kafka}, {@code rocketmq}) share: the
 * count of messages in hand per queue ({@link dev.nonstop.spring.boot.messaging.InHand}) and the
 * stop/start of their consumers off the caller's thread, in order per consumer ({@link
 * dev.nonstop.spring.boot.messaging.ConsumerOperations}).
 */
package dev.nonstop.spring.boot.messaging;
