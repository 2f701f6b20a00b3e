package dev.nonstop.spring.boot.amqp;

import com.rabbitmq.client.Channel;
import dev.nonstop.spring.boot.messaging.InHand;
import java.util.List;
import org.springframework.amqp.core.AcknowledgeMode;
import org.springframework.amqp.core.BatchMessageListener;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageListener;
import org.springframework.amqp.rabbit.listener.api.ChannelAwareBatchMessageListener;
import org.springframework.amqp.rabbit.listener.api.ChannelAwareMessageListener;

/**
 * Listener wrappers that count the messages in hand: from the moment the container hands a
 * message (or a batch) to the app's listener until the listener returns; the container acks after
 * that. Channel-aware, so the app's listener gets the channel it would have got.
 */
final class CountingListeners {

    private CountingListeners() {}

    /** Marks a wrapper, so that a listener is wrapped once. */
    interface Counting {
        MessageListener delegate();
    }

    /** {@code listener} wrapped: a batch listener stays a batch listener. */
    static MessageListener wrap(MessageListener listener, InHand inHand) {
        if (listener instanceof BatchMessageListener || listener instanceof ChannelAwareBatchMessageListener) {
            return new Batch(listener, inHand);
        }
        return new Single(listener, inHand);
    }

    private static String queue(Message message) {
        return message.getMessageProperties() == null
                ? null
                : message.getMessageProperties().getConsumerQueue();
    }

    static final class Single implements ChannelAwareMessageListener, Counting {

        private final MessageListener delegate;
        private final InHand inHand;

        Single(MessageListener delegate, InHand inHand) {
            this.delegate = delegate;
            this.inHand = inHand;
        }

        @Override
        public MessageListener delegate() {
            return delegate;
        }

        @Override
        public void onMessage(Message message, Channel channel) throws Exception {
            String queue = queue(message);
            inHand.enter(queue, 1);
            try {
                if (delegate instanceof ChannelAwareMessageListener aware) {
                    aware.onMessage(message, channel);
                } else {
                    delegate.onMessage(message);
                }
            } finally {
                inHand.exit(queue, 1);
            }
        }

        @Override
        public void containerAckMode(AcknowledgeMode mode) {
            delegate.containerAckMode(mode);
        }

        @Override
        public boolean isAsyncReplies() {
            return delegate.isAsyncReplies();
        }

        @Override
        public String toString() {
            return "counting " + delegate;
        }
    }

    static final class Batch implements ChannelAwareBatchMessageListener, Counting {

        private final MessageListener delegate;
        private final InHand inHand;

        Batch(MessageListener delegate, InHand inHand) {
            this.delegate = delegate;
            this.inHand = inHand;
        }

        @Override
        public MessageListener delegate() {
            return delegate;
        }

        @Override
        public void onMessageBatch(List<Message> messages, Channel channel) {
            String queue = messages.isEmpty() ? null : queue(messages.get(0));
            inHand.enter(queue, messages.size());
            try {
                if (delegate instanceof ChannelAwareMessageListener aware) {
                    aware.onMessageBatch(messages, channel);
                } else {
                    delegate.onMessageBatch(messages);
                }
            } finally {
                inHand.exit(queue, messages.size());
            }
        }

        @Override
        public void containerAckMode(AcknowledgeMode mode) {
            delegate.containerAckMode(mode);
        }

        @Override
        public boolean isAsyncReplies() {
            return delegate.isAsyncReplies();
        }

        @Override
        public String toString() {
            return "counting " + delegate;
        }
    }
}
