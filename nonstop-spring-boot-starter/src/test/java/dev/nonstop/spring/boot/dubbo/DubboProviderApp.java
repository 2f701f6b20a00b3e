package dev.nonstop.spring.boot.dubbo;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;

/**
 * A Spring Boot app with Dubbo's starter providing {@link EchoService} (found by {@code
 * dubbo.scan.base-packages}), as users write them.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
public class DubboProviderApp {}
