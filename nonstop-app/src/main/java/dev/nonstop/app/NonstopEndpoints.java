package dev.nonstop.app;

import java.util.Map;
import java.util.Optional;

/**
 * The three contract endpoints, for any HTTP server: an adapter hands over the method, the path and
 * the {@code Authorization} header and writes back the {@link Response}.
 *
 * <ul>
 *   <li>{@code GET /nonstop/status}: the {@link NonstopStatus};
 *   <li>{@code POST /nonstop/drain}: {@link NonstopApp#drain()}, answers the status;
 *   <li>{@code POST /nonstop/resume}: {@link NonstopApp#resume()}, answers the status.
 * </ul>
 *
 * All three need {@code Authorization: Bearer <NONSTOP_APP_TOKEN>}: 401 otherwise (and always when
 * no token is configured). Another method on these paths is 405. Requests to these paths are
 * control traffic: adapters do not count them as in flight.
 */
public final class NonstopEndpoints {

    /** The prefix of the contract paths. */
    public static final String PREFIX = "/nonstop/";

    public static final String STATUS = "/nonstop/status";
    public static final String DRAIN = "/nonstop/drain";
    public static final String RESUME = "/nonstop/resume";

    /** The media type of every answer. */
    public static final String CONTENT_TYPE = "application/json";

    private final NonstopApp app;

    NonstopEndpoints(NonstopApp app) {
        this.app = app;
    }

    /**
     * An answer to write: the status code, the headers besides {@code Content-Type:
     * application/json}, and the JSON body.
     */
    public record Response(int status, Map<String, String> headers, String body) {

        public Response {
            headers = Map.copyOf(headers);
        }
    }

    /** Whether {@code path} is one of the three contract paths. */
    public static boolean isContractPath(String path) {
        return STATUS.equals(path) || DRAIN.equals(path) || RESUME.equals(path);
    }

    /**
     * Answers a request to a contract path; empty for any other path (the app's own).
     *
     * @param method the request method, such as {@code GET}
     * @param path the request path, without query string
     * @param authorization the {@code Authorization} header, or null when absent
     */
    public Optional<Response> handle(String method, String path, String authorization) {
        if (!isContractPath(path)) {
            return Optional.empty();
        }
        String allowed = STATUS.equals(path) ? "GET" : "POST";
        if (!allowed.equals(method)) {
            return Optional.of(new Response(
                    405, Map.of("Allow", allowed), Json.error("method " + method + " not allowed on " + path)));
        }
        if (!app.authorizes(authorization)) {
            String message = app.tokenConfigured()
                    ? "a valid Authorization: Bearer <NONSTOP_APP_TOKEN> header is required"
                    : "no NONSTOP_APP_TOKEN is configured: the Nonstop endpoints refuse every request";
            return Optional.of(new Response(401, Map.of("WWW-Authenticate", "Bearer"), Json.error(message)));
        }
        NonstopStatus status =
                switch (path) {
                    case DRAIN -> app.drain();
                    case RESUME -> app.resume();
                    default -> app.status();
                };
        return Optional.of(new Response(200, Map.of("Cache-Control", "no-store"), status.toJson()));
    }
}
