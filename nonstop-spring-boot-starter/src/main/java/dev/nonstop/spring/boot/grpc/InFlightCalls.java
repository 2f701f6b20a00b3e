package dev.nonstop.spring.boot.grpc;

import io.grpc.ForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts the calls in flight on a gRPC server, from the moment a call starts until it completes or
 * is cancelled. Add it to the server ({@code ServerBuilder.intercept(...)}).
 */
public final class InFlightCalls implements ServerInterceptor {

    private final AtomicLong count = new AtomicLong();
    private final AtomicLong total = new AtomicLong();

    /** The calls in flight now. */
    public long count() {
        return count.get();
    }

    /** The calls started since the server started. */
    public long total() {
        return total.get();
    }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(
            ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
        count.incrementAndGet();
        total.incrementAndGet();
        AtomicBoolean done = new AtomicBoolean();
        Runnable exit = () -> {
            if (done.compareAndSet(false, true)) {
                count.decrementAndGet();
            }
        };
        ServerCall.Listener<Q> listener;
        try {
            listener = next.startCall(call, headers);
        } catch (RuntimeException e) {
            exit.run();
            throw e;
        }
        return new ForwardingServerCallListener.SimpleForwardingServerCallListener<>(listener) {
            @Override
            public void onComplete() {
                try {
                    super.onComplete();
                } finally {
                    exit.run();
                }
            }

            @Override
            public void onCancel() {
                try {
                    super.onCancel();
                } finally {
                    exit.run();
                }
            }
        };
    }
}
