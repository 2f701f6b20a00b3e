package dev.nonstop.spring.boot.apps;

import java.time.Duration;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Import;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/** A WebFlux app with a slow endpoint that answers when the test says so. */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import(FluxApp.Endpoints.class)
public class FluxApp {

    /** Completed by the tests to let {@code /slow} answer. */
    public static volatile Sinks.Empty<Void> gate = Sinks.empty();

    @RestController
    public static class Endpoints {

        @GetMapping("/slow")
        Mono<String> slow() {
            return gate.asMono().then(Mono.just("slow done")).timeout(Duration.ofSeconds(30));
        }

        @GetMapping("/fast")
        Mono<String> fast() {
            return Mono.just("fast");
        }
    }
}
