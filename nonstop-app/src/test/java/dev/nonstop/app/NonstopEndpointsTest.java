package dev.nonstop.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class NonstopEndpointsTest {

    private final NonstopApp app = NonstopApp.builder(Map.of("NONSTOP_INSTANCE_ID", "i-1", "NONSTOP_APP_TOKEN", "tok"))
            .version("v1")
            .build();
    private final NonstopEndpoints endpoints = app.endpoints();

    @Test
    void otherPathsAreTheAppsOwn() {
        assertThat(endpoints.handle("GET", "/", "Bearer tok")).isEmpty();
        assertThat(endpoints.handle("GET", "/nonstop/statusx", "Bearer tok")).isEmpty();
        assertThat(NonstopEndpoints.isContractPath("/nonstop/drain")).isTrue();
        assertThat(NonstopEndpoints.isContractPath("/nonstop")).isFalse();
    }

    @Test
    void everyEndpointNeedsTheToken() {
        for (String[] request :
                new String[][] {{"GET", "/nonstop/status"}, {"POST", "/nonstop/drain"}, {"POST", "/nonstop/resume"}}) {
            NonstopEndpoints.Response refused =
                    endpoints.handle(request[0], request[1], "Bearer wrong").orElseThrow();
            assertThat(refused.status()).as(request[1]).isEqualTo(401);
            assertThat(refused.headers()).containsEntry("WWW-Authenticate", "Bearer");
            assertThat(endpoints
                            .handle(request[0], request[1], null)
                            .orElseThrow()
                            .status())
                    .isEqualTo(401);
        }
        assertThat(app.isDraining()).isFalse();
    }

    @Test
    void drainAndResumeAnswerTheStatus() {
        NonstopEndpoints.Response drained =
                endpoints.handle("POST", "/nonstop/drain", "Bearer tok").orElseThrow();
        assertThat(drained.status()).isEqualTo(200);
        assertThat(drained.body())
                .startsWith("{\"instance\":\"i-1\",\"version\":\"v1\",\"draining\":true,\"idle\":true");
        assertThat(app.isDraining()).isTrue();

        assertThat(endpoints
                        .handle("GET", "/nonstop/status", "Bearer tok")
                        .orElseThrow()
                        .body())
                .contains("\"draining\":true");
        assertThat(endpoints
                        .handle("POST", "/nonstop/resume", "Bearer tok")
                        .orElseThrow()
                        .body())
                .contains("\"draining\":false,\"idle\":false");
    }

    @Test
    void aWrongMethodIs405() {
        NonstopEndpoints.Response wrong =
                endpoints.handle("GET", "/nonstop/drain", "Bearer tok").orElseThrow();
        assertThat(wrong.status()).isEqualTo(405);
        assertThat(wrong.headers()).containsEntry("Allow", "POST");
        assertThat(app.isDraining()).isFalse();
        assertThat(endpoints
                        .handle("POST", "/nonstop/status", "Bearer tok")
                        .orElseThrow()
                        .status())
                .isEqualTo(405);
    }
}
