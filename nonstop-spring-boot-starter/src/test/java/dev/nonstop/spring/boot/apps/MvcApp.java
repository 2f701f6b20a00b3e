package dev.nonstop.spring.boot.apps;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import java.io.Serializable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Import;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.async.DeferredResult;

/** A Spring MVC app as users write them: a slow endpoint, an async one, a login kept in the session. */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import(MvcApp.Endpoints.class)
public class MvcApp {

    /** Released by the tests to let {@code /slow} and {@code /async} answer. */
    public static volatile CountDownLatch gate = new CountDownLatch(0);

    /** What the app keeps in the session: serializable, with a fixed serialVersionUID so v1 and v2 agree. */
    public record Login(String user, int visits) implements Serializable {
        private static final long serialVersionUID = 1L;
    }

    @RestController
    public static class Endpoints {

        @GetMapping("/slow")
        String slow() throws InterruptedException {
            gate.await(30, TimeUnit.SECONDS);
            return "slow done";
        }

        @GetMapping("/async")
        DeferredResult<String> async() {
            DeferredResult<String> result = new DeferredResult<>(30_000L);
            CountDownLatch current = gate;
            Thread waiter = new Thread(() -> {
                try {
                    current.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                result.setResult("async done");
            });
            waiter.setDaemon(true);
            waiter.start();
            return result;
        }

        @PostMapping("/login")
        String login(@RequestParam String user, HttpSession session) {
            session.setAttribute("login", new Login(user, 0));
            return "hello " + user;
        }

        @GetMapping("/me")
        String me(HttpServletRequest request) {
            HttpSession session = request.getSession(false);
            Login login = session == null ? null : (Login) session.getAttribute("login");
            if (login == null) {
                return "anonymous";
            }
            Login next = new Login(login.user(), login.visits() + 1);
            session.setAttribute("login", next);
            return next.user() + " " + next.visits();
        }
    }
}
