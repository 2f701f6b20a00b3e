package dev.nonstop.spring.boot.apps;

import dev.nonstop.spring.boot.apps.MvcApp.Login;
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

/**
 * A WebFlux app with the login of {@link MvcApp}, kept in the {@code WebSession}: the same
 * attribute, the same class, the same answers, so it can also be the WebFlux version of that app.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import(FluxSessionApp.Endpoints.class)
public class FluxSessionApp {

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
    public static class Endpoints {

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
