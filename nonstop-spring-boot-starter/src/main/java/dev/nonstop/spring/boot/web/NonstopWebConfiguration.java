package dev.nonstop.spring.boot.web;

import dev.nonstop.app.NonstopApp;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/** The contract and the in-flight count on whichever web stack the app runs. */
@Configuration(proxyBeanMethods = false)
@Import({NonstopWebConfiguration.Servlet.class, NonstopWebConfiguration.Reactive.class})
public class NonstopWebConfiguration {

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
    @ConditionalOnClass(name = "jakarta.servlet.Filter")
    static class Servlet {

        /** A plain {@code Filter} bean: Spring Boot registers it for every request, in its order. */
        @Bean
        NonstopServletFilter nonstopServletFilter(NonstopApp app) {
            return new NonstopServletFilter(app);
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
    @ConditionalOnClass(name = {"org.springframework.web.server.WebFilter", "reactor.core.publisher.Mono"})
    static class Reactive {

        @Bean
        NonstopWebFilter nonstopWebFilter(NonstopApp app) {
            return new NonstopWebFilter(app);
        }
    }
}
