package dev.nonstop.controller.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nonstop.controller.release.spec.PrometheusCheck;
import java.net.ServerSocket;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Reading Prometheus' query API answers, and judging them, against a fake Prometheus (none on the test machines). */
class PrometheusGateTest {

    @Test
    void aVectorIsItsLargestSampleAndAScalarItsValue() {
        assertThat(PrometheusGate.value(FakePrometheus.vector(0.2, 0.75, 0.1))).isEqualTo(0.75);
        assertThat(PrometheusGate.value(
                        "{\"status\":\"success\",\"data\":{\"resultType\":\"scalar\",\"result\":[1.5,\"42\"]}}"))
                .isEqualTo(42);
        assertThat(PrometheusGate.value(
                        "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[{\"metric\":{},"
                                + "\"value\":[1,\"NaN\"]},{\"metric\":{},\"value\":[1,\"+Inf\"]}]}}"))
                .isEqualTo(Double.POSITIVE_INFINITY);
    }

    @Test
    void anEmptyVectorIsNoData() {
        assertThat(PrometheusGate.value(FakePrometheus.vector())).isNaN();
    }

    @Test
    void errorsAndOtherResultTypesAreRefusedWithTheirReason() {
        assertThatThrownBy(() -> PrometheusGate.value(
                        "{\"status\":\"error\",\"errorType\":\"bad_data\"," + "\"error\":\"parse error at char 4\"}"))
                .hasMessage("status error: bad_data parse error at char 4");
        assertThatThrownBy(() -> PrometheusGate.value(
                        "{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":[]}}"))
                .hasMessageStartingWith("data.resultType matrix (expected: vector or scalar");
        assertThatThrownBy(() -> PrometheusGate.value("<html>proxy error</html>"))
                .hasMessageStartingWith("not JSON");
        assertThatThrownBy(() -> PrometheusGate.value(
                        "{\"status\":\"success\",\"data\":{\"resultType\":\"scalar\",\"result\":[1,\"many\"]}}"))
                .hasMessage("a sample's value is not a number: \"many\"");
    }

    @Test
    void theQueryIsSentEncodedAtTheStepsEndAndJudgedAgainstTheMax() throws Exception {
        try (FakePrometheus prometheus = new FakePrometheus()) {
            PrometheusCheck check = new PrometheusCheck(prometheus.url() + "/", "unused", 0.5);
            String query = "max(rate(errors{app=\"shop\"}[1m])) > 0 or vector(0) & x + y";
            Instant end = Instant.ofEpochSecond(1_764_777_600, 250_000_000);

            prometheus.answer(200, FakePrometheus.vector(0.3, 0.5));
            PrometheusGate.Verdict ok = PrometheusGate.check(check, query, end);
            assertThat(ok.passed()).isTrue();
            assertThat(ok.value()).isEqualTo(0.5);
            assertThat(ok.figures()).isEqualTo("prometheus " + query + " = 0.5");
            assertThat(prometheus.requests.get(0))
                    .containsEntry("method", "GET")
                    .containsEntry("query", query)
                    .containsEntry("time", "1764777600.250");

            prometheus.answer(200, FakePrometheus.vector(0.3, 0.51));
            assertThat(PrometheusGate.check(check, query, end).failure())
                    .isEqualTo("prometheus " + query + " = 0.51 > max 0.5");

            prometheus.answer(200, FakePrometheus.vector());
            assertThat(PrometheusGate.check(check, query, end).failure()).endsWith("returned no data (NaN)");

            prometheus.answer(422, "{\"status\":\"error\",\"errorType\":\"execution\",\"error\":\"query timed out\"}");
            assertThat(PrometheusGate.check(check, query, end).failure())
                    .isEqualTo("prometheus query " + query + " failed: HTTP 422 from " + prometheus.url()
                            + ": query timed out");
        }
    }

    @Test
    void aPrometheusThatDoesNotAnswerFailsTheCheck() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        PrometheusGate.Verdict v =
                PrometheusGate.check(new PrometheusCheck("http://127.0.0.1:" + port, "up", 1), "up", Instant.now());
        assertThat(v.passed()).isFalse();
        assertThat(v.failure()).startsWith("prometheus query up failed: no answer from http://127.0.0.1:" + port);
    }
}
