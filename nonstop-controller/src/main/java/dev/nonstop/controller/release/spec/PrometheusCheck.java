package dev.nonstop.controller.release.spec;

import java.util.Locale;

/**
 * A Prometheus query a gray release's gate checks at the end of each step: the controller asks {@code
 * <url>/api/v1/query} for the query's value at the step's end time and fails the gate when it is above {@code max},
 * when the query returns no sample (no data is not a pass) or when Prometheus cannot answer.
 *
 * <p>The query may name {@code ${app}} (the app), {@code ${version}} (green's version, the release's target) and
 * {@code ${blueVersion}} (the version being replaced); the controller fills them in before sending it. Nothing else in
 * the query is touched.
 *
 * @param url Prometheus' base URL, http or https (e.g. {@code http://prometheus:9090}); a path prefix is kept
 * @param query the PromQL expression; an instant vector's samples are reduced to their largest value, a scalar taken
 *     as it is
 * @param max the value may be at most this
 */
public record PrometheusCheck(String url, String query, double max) {

    /** The query with the placeholders filled in. */
    public String resolve(String app, String version, String blueVersion) {
        return query.replace("${app}", app == null ? "" : app)
                .replace("${version}", version == null ? "" : version)
                .replace("${blueVersion}", blueVersion == null ? "" : blueVersion);
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "prometheus %s <= %s", query, max);
    }
}
