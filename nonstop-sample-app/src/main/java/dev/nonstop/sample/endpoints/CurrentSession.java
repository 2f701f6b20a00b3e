package dev.nonstop.sample.endpoints;

import com.sun.net.httpserver.HttpExchange;
import dev.nonstop.sample.session.Session;
import dev.nonstop.sample.session.SessionCookie;
import dev.nonstop.sample.session.SessionSigner;
import java.util.Optional;

/** Finds the valid session of a request, if its cookie carries one. */
final class CurrentSession {

    private final SessionSigner signer;

    CurrentSession(SessionSigner signer) {
        this.signer = signer;
    }

    Optional<Session> of(HttpExchange exchange) {
        return SessionCookie.find(exchange.getRequestHeaders().get("Cookie")).flatMap(signer::verify);
    }

    SessionSigner signer() {
        return signer;
    }

    static boolean wantsHtml(HttpExchange exchange) {
        String accept = exchange.getRequestHeaders().getFirst("Accept");
        return accept != null && accept.contains("text/html");
    }
}
