package dev.nonstop.spring.boot3;

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

/** A Spring Boot 3.5 MVC app with the starter: a slow endpoint and a login kept in the session. */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import(Boot3App.Endpoints.class)
public class Boot3App {

    static volatile CountDownLatch gate = new CountDownLatch(0);

    record Login(String user, int visits) implements Serializable {
        private static final long serialVersionUID = 1L;
    }

    @RestController
    static class Endpoints {

        @GetMapping("/slow")
        String slow() throws InterruptedException {
            gate.await(30, TimeUnit.SECONDS);
            return "slow done";
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
