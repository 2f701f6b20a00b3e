package dev.nonstop.spring.boot.dubbo.provider;

import dev.nonstop.spring.boot.dubbo.EchoService;
import dev.nonstop.spring.boot.dubbo.SlowCalls;
import org.apache.dubbo.config.annotation.DubboService;
import org.springframework.beans.factory.annotation.Value;

/** The provider, found by Dubbo's scan of this package ({@code dubbo.scan.base-packages}). */
@DubboService
public class EchoProvider implements EchoService {

    @Value("${nonstop.instance.id}")
    String instance;

    @Override
    public String echo(String message) {
        try {
            Thread.sleep(5); // the provider's work
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return instance + ":" + message;
    }

    @Override
    public String slow(String message) {
        SlowCalls.hold();
        return instance + ":" + message;
    }
}
