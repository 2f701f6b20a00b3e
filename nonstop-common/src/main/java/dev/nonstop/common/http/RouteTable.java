package dev.nonstop.common.http;

import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The endpoints of a control API, declared as method and path template ({@code /admin/members/{id}/state}), and the
 * lookup of a request among them: the endpoint with the path's parameters, else why none serves it (no template fits
 * the path: 404; one fits, but not with this method: 405 with the methods that would do). The routes are also what
 * the API's OpenAPI document is checked against, so that the two cannot drift.
 *
 * <p>A path is compared segment by segment, raw (still percent-encoded), empty segments ignored, so {@code
 * /admin/table/} is {@code /admin/table}. A parameter ({@code {id}}) stands for one segment and is decoded: {@code
 * shop%2F1} gives {@code shop/1}, never a second segment.
 *
 * <pre>{@code
 * RouteTable<Endpoint> routes = RouteTable.<Endpoint>builder()
 *         .add(HttpMethod.GET, "/admin/table", tables::show)
 *         .add(HttpMethod.PUT, "/admin/table", tables::replace)
 *         .build();
 * switch (routes.lookup(request.method(), request.uri())) {
 *     case RouteTable.Found<Endpoint> found -> found.route().endpoint().serve(request, found.params());
 *     case RouteTable.NotFound<Endpoint> none -> ... 404 ...
 *     case RouteTable.MethodNotAllowed<Endpoint> wrong -> ... 405 with Allow: wrong.allowHeader() ...
 * }
 * }</pre>
 *
 * @param <E> what serves a route, each API's own endpoint type
 */
public final class RouteTable<E> {
    private final List<Route<E>> routes;

    private RouteTable(List<Route<E>> routes) {
        this.routes = List.copyOf(routes);
    }

    /** A table to declare routes in, in the order that {@code Allow} lists their methods. */
    public static <E> Builder<E> builder() {
        return new Builder<>();
    }

    /** Every route, in the order declared. */
    public List<Route<E>> routes() {
        return routes;
    }

    /** Where a request for {@code method} on {@code uri} (a path, with or without a query) goes. */
    public Lookup<E> lookup(HttpMethod method, String uri) {
        String path = new QueryStringDecoder(uri).rawPath();
        List<String> segments = segments(path);
        List<HttpMethod> allowed = new ArrayList<>();
        for (Route<E> route : routes) {
            Optional<Map<String, String>> params = route.match(segments);
            if (params.isPresent()) {
                if (route.method().equals(method)) {
                    return new Found<>(route, params.get());
                }
                allowed.add(route.method());
            }
        }
        return allowed.isEmpty() ? new NotFound<>(path) : new MethodNotAllowed<>(path, allowed);
    }

    private static List<String> segments(String path) {
        List<String> result = new ArrayList<>();
        for (String part : path.split("/")) {
            if (!part.isEmpty()) {
                result.add(part);
            }
        }
        return result;
    }

    /**
     * One endpoint: {@code method} on the paths that fit {@code template}, served by {@code endpoint}.
     *
     * @param template the path, with {@code {name}} for each parameter segment: {@code /agent/instances/{id}/stop}
     */
    public record Route<E>(HttpMethod method, String template, E endpoint) {
        public Route {
            Objects.requireNonNull(method, "method");
            Objects.requireNonNull(endpoint, "endpoint");
            if (!template.startsWith("/")) {
                throw new IllegalArgumentException("template: " + template + " (expected: a path starting with /)");
            }
        }

        /** The names of the template's parameters, in order: {@code [id]} for {@code /admin/stats/{id}}. */
        public List<String> parameters() {
            return segments(template).stream()
                    .filter(Route::isParameter)
                    .map(p -> p.substring(1, p.length() - 1))
                    .toList();
        }

        /** The template's segments with every parameter as {@code {}}: two routes of one shape fit the same paths. */
        private List<String> shape() {
            return segments(template).stream()
                    .map(p -> isParameter(p) ? "{}" : p)
                    .toList();
        }

        /** The path parameters, decoded, when the raw {@code segments} fit the template. */
        Optional<Map<String, String>> match(List<String> segments) {
            List<String> parts = segments(template);
            if (parts.size() != segments.size()) {
                return Optional.empty();
            }
            Map<String, String> params = new HashMap<>();
            for (int i = 0; i < parts.size(); i++) {
                String part = parts.get(i);
                if (isParameter(part)) {
                    params.put(
                            part.substring(1, part.length() - 1), QueryStringDecoder.decodeComponent(segments.get(i)));
                } else if (!part.equals(segments.get(i))) {
                    return Optional.empty();
                }
            }
            return Optional.of(params);
        }

        private static boolean isParameter(String part) {
            return part.startsWith("{") && part.endsWith("}");
        }
    }

    /** Where a request goes: {@link Found}, {@link NotFound} or {@link MethodNotAllowed}. */
    public sealed interface Lookup<E> permits Found, NotFound, MethodNotAllowed {}

    /** The route that serves the request, with the path's parameters by name, decoded. */
    public record Found<E>(Route<E> route, Map<String, String> params) implements Lookup<E> {
        public Found {
            params = Map.copyOf(params);
        }

        /** The endpoint of {@link #route}. */
        public E endpoint() {
            return route.endpoint();
        }

        /**
         * A path parameter, decoded: {@code id} of {@code /admin/members/{id}/state}.
         *
         * @throws IllegalArgumentException when the route's template has no such parameter
         */
        public String param(String name) {
            String value = params.get(name);
            if (value == null) {
                throw new IllegalArgumentException("name: " + name + " (expected: one of " + route.parameters() + ")");
            }
            return value;
        }
    }

    /** No template fits {@code path} (raw, without the query): 404. */
    public record NotFound<E>(String path) implements Lookup<E> {}

    /** A template fits {@code path}, but not with the request's method: 405, with the methods that would do. */
    public record MethodNotAllowed<E>(String path, List<HttpMethod> allowed) implements Lookup<E> {
        public MethodNotAllowed {
            allowed = List.copyOf(allowed);
        }

        /** The value of the response's {@code Allow} header: {@code GET, PUT}. */
        public String allowHeader() {
            return allowed.stream().map(HttpMethod::name).collect(Collectors.joining(", "));
        }
    }

    /** Declares the routes of a {@link RouteTable}. */
    public static final class Builder<E> {
        private final List<Route<E>> routes = new ArrayList<>();

        private Builder() {}

        /**
         * Adds {@code method} on {@code template}, served by {@code endpoint}.
         *
         * @throws IllegalArgumentException when the same method and template are already declared
         */
        public Builder<E> add(HttpMethod method, String template, E endpoint) {
            Route<E> route = new Route<>(method, template, endpoint);
            for (Route<E> other : routes) {
                if (other.method().equals(method) && other.shape().equals(route.shape())) {
                    throw new IllegalArgumentException(
                            "route: " + method + " " + template + " (expected: declared once)");
                }
            }
            routes.add(route);
            return this;
        }

        /** The table of the routes added so far. */
        public RouteTable<E> build() {
            return new RouteTable<>(routes);
        }
    }
}
