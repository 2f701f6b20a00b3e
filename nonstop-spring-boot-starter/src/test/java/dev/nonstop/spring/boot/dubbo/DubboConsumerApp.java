package dev.nonstop.spring.boot.dubbo;

import org.apache.dubbo.config.annotation.DubboReference;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Import;
import org.springframework.stereotype.Component;

/**
 * A Spring Boot app calling {@link EchoService} through Dubbo: remote calls only (the providers run
 * in the same JVM), no retry on another provider, so that every failed call counts.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import(DubboConsumerApp.Client.class)
public class DubboConsumerApp {

    @Component
    public static class Client {

        @DubboReference(scope = "remote", retries = 0, timeout = 10_000, check = false)
        public EchoService echo;
    }
}
