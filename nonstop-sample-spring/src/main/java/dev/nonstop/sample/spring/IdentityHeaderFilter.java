package dev.nonstop.sample.spring;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Adds {@code X-App-Version} and {@code X-Instance-Id} to every response, the login page and redirects included,
 * before anything else runs: a test or the demo sees which version answered each request.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
public class IdentityHeaderFilter extends OncePerRequestFilter {
    private final AppIdentity identity;

    public IdentityHeaderFilter(AppIdentity identity) {
        this.identity = identity;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        response.setHeader("X-App-Version", identity.version());
        response.setHeader("X-Instance-Id", identity.instance());
        chain.doFilter(request, response);
    }
}
