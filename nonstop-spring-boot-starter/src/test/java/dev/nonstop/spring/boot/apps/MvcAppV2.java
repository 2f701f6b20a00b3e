package dev.nonstop.spring.boot.apps;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Import;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** The next version of {@link MvcApp}: one more endpoint, a context built from another configuration. */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import({MvcApp.Endpoints.class, MvcAppV2.NewEndpoints.class})
public class MvcAppV2 {

    @RestController
    public static class NewEndpoints {

        @GetMapping("/new")
        String added() {
            return "new in v2";
        }
    }
}
