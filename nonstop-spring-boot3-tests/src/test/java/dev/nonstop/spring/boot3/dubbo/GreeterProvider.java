package dev.nonstop.spring.boot3.dubbo;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.dubbo.config.annotation.DubboService;

/** The provider, found by Dubbo's scan of this package; a call waits (at most 30 s) while {@link #gate} is closed. */
@DubboService
public class GreeterProvider implements Greeter {

    static volatile CountDownLatch gate = new CountDownLatch(0);
    static final AtomicInteger RUNNING = new AtomicInteger();

    @Override
    public String greet(String name) {
        RUNNING.incrementAndGet();
        try {
            gate.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            RUNNING.decrementAndGet();
        }
        return "hello " + name;
    }
}
