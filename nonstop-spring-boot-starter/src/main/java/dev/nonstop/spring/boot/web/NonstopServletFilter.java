package dev.nonstop.spring.boot.web;

import dev.nonstop.app.InFlight;
import dev.nonstop.app.NonstopApp;
import dev.nonstop.app.NonstopEndpoints;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.springframework.core.Ordered;

/**
 * The first servlet filter: answers the contract paths itself (so neither the app, its session
 * filter nor Spring Security sees them) and counts every other request as in flight until it has
 * completed: when the filter chain returns, or, for a request that went asynchronous
 * ({@code DeferredResult}, {@code Callable}, {@code StreamingResponseBody}), when the async
 * processing completes, fails or times out.
 */
public final class NonstopServletFilter implements Filter, Ordered {

    /** Ahead of every filter Spring Boot and Spring Security register. */
    public static final int ORDER = Ordered.HIGHEST_PRECEDENCE;

    private final NonstopApp app;

    public NonstopServletFilter(NonstopApp app) {
        this.app = app;
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
            throws IOException, ServletException {
        if (!(req instanceof HttpServletRequest request)
                || !(res instanceof HttpServletResponse response)
                || req.getDispatcherType() != DispatcherType.REQUEST) {
            // Async and error dispatches belong to a request counted when it was first dispatched.
            chain.doFilter(req, res);
            return;
        }
        String path = request.getRequestURI().substring(request.getContextPath().length());
        if (NonstopEndpoints.isContractPath(path)) {
            Optional<NonstopEndpoints.Response> answer =
                    app.endpoints().handle(request.getMethod(), path, request.getHeader("Authorization"));
            if (answer.isPresent()) {
                write(response, answer.get());
                return;
            }
        }
        InFlight inFlight = app.inFlight();
        inFlight.enter();
        boolean async = false;
        try {
            chain.doFilter(request, response);
            if (request.isAsyncStarted()) {
                request.getAsyncContext().addListener(new ExitOnce(inFlight));
                async = true;
            }
        } finally {
            if (!async) {
                inFlight.exit();
            }
        }
    }

    private static void write(HttpServletResponse response, NonstopEndpoints.Response answer) throws IOException {
        byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
        response.setStatus(answer.status());
        answer.headers().forEach(response::setHeader);
        response.setContentType(NonstopEndpoints.CONTENT_TYPE);
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
        response.flushBuffer();
    }

    @Override
    public int getOrder() {
        return ORDER;
    }

    /** Ends the count of an async request once, whichever of complete, error and timeout comes first. */
    private static final class ExitOnce implements AsyncListener {

        private final InFlight inFlight;
        private final AtomicBoolean done = new AtomicBoolean();

        ExitOnce(InFlight inFlight) {
            this.inFlight = inFlight;
        }

        @Override
        public void onComplete(AsyncEvent event) {
            exit();
        }

        @Override
        public void onTimeout(AsyncEvent event) {
            // The container dispatches the timeout to the app, which may still write a response: wait for complete.
        }

        @Override
        public void onError(AsyncEvent event) {
            exit();
        }

        @Override
        public void onStartAsync(AsyncEvent event) {
            // startAsync again in a later dispatch: listeners must re-register to hear of its end.
            event.getAsyncContext().addListener(this);
        }

        private void exit() {
            if (done.compareAndSet(false, true)) {
                inFlight.exit();
            }
        }
    }
}
