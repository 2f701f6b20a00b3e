package dev.nonstop.spring.boot3;

import dev.nonstop.spring.boot3.Boot3App.Login;
import java.time.Duration;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.client.ReactorResourceFactory;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.WebSession;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * A Spring Boot 3.5 WebFlux app with the starter: a slow endpoint that answers when the test says
 * so, and the login of {@link Boot3App} kept in the {@code WebSession} (the same attribute, the same
 * class, the same answers), so it can also be the WebFlux version of that app.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import(Boot3FluxApp.Endpoints.class)
public class Boot3FluxApp {

    /** Completed by the tests to let {@code /slow} answer. */
    static volatile Sinks.Empty<Void> gate = Sinks.empty();

    /**
     * Event loops of its own, as an instance in a process of its own has: by default Reactor Netty's
     * are global to the JVM, and closing one instance of a test would stop the others' servers.
     */
    @Bean
    ReactorResourceFactory reactorResourceFactory() {
        ReactorResourceFactory resources = new ReactorResourceFactory();
        resources.setUseGlobalResources(false);
        return resources;
    }

    @RestController
    static class Endpoints {

        @GetMapping("/slow")
        Mono<String> slow() {
            return gate.asMono().then(Mono.just("slow done")).timeout(Duration.ofSeconds(30));
        }

        @GetMapping("/fast")
        Mono<String> fast() {
            return Mono.just("fast");
        }

        @PostMapping("/login")
        Mono<String> login(@RequestParam String user, WebSession session) {
            session.getAttributes().put("login", new Login(user, 0));
            return Mono.just("hello " + user);
        }

        @GetMapping("/me")
        Mono<String> me(WebSession session) {
            Login login = session.getAttribute("login");
            if (login == null) {
                return Mono.just("anonymous");
            }
            Login next = new Login(login.user(), login.visits() + 1);
            session.getAttributes().put("login", next);
            return Mono.just(next.user() + " " + next.visits());
        }
    }
}
