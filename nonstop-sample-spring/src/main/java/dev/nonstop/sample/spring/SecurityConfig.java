package dev.nonstop.sample.spring;

import java.util.ArrayList;
import java.util.List;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.HttpStatusEntryPoint;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;

/**
 * Form login as most Spring apps have it: Spring Security's login page at {@code /login}, CSRF protection on, the
 * authenticated user kept in the HTTP session. The demo users are {@code user1} ... {@code user<N>}
 * ({@code sample.users.count}, 100 by default), all with the password {@code sample.users.password}
 * ({@code nonstop} by default). Pages redirect a visitor who is not logged in to the form; {@code /api/**} answers
 * 401 instead, which is how the demo and the tests tell a logged-out user.
 */
@Configuration
public class SecurityConfig {

    @Bean
    SecurityFilterChain security(HttpSecurity http) throws Exception {
        http.authorizeHttpRequests(requests -> requests.requestMatchers(
                                "/version", "/slow", "/login", "/error", "/actuator/health/**", "/nonstop/**")
                        .permitAll()
                        .anyRequest()
                        .authenticated())
                .formLogin(form -> form.defaultSuccessUrl("/", true))
                .logout(logout -> logout.logoutSuccessUrl("/login?logout"))
                // The release contract's endpoints are called by the controller with a bearer token, not a form.
                .csrf(csrf -> csrf.ignoringRequestMatchers("/nonstop/**"))
                .exceptionHandling(errors -> errors.defaultAuthenticationEntryPointFor(
                        new HttpStatusEntryPoint(HttpStatus.UNAUTHORIZED),
                        PathPatternRequestMatcher.withDefaults().matcher("/api/**")));
        return http.build();
    }

    @Bean
    PasswordEncoder passwordEncoder() {
        return PasswordEncoderFactories.createDelegatingPasswordEncoder();
    }

    @Bean
    InMemoryUserDetailsManager users(
            PasswordEncoder encoder,
            @Value("${sample.users.count:100}") int count,
            @Value("${sample.users.password:nonstop}") String password) {
        // One hash for all: encoding is slow on purpose, and a hundred of them would slow every start.
        String hash = encoder.encode(password);
        List<UserDetails> users = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            users.add(User.withUsername("user" + i).password(hash).roles("USER").build());
        }
        return new InMemoryUserDetailsManager(users);
    }
}
