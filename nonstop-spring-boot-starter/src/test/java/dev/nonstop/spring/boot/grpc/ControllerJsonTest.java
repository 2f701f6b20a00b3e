package dev.nonstop.spring.boot.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ControllerJsonTest {

    @Test
    void readsTheControllersAppDocument() {
        Object app = ControllerJson.parse("{\"name\":\"orders\",\"createdAt\":\"2026-12-03T08:00:00Z\",\"instances\":["
                + "{\"id\":\"orders-1\",\"host\":\"127.0.0.1\",\"port\":8081,\"state\":\"RUNNING\",\"gatewayMemberId\":null},"
                + " {\"id\":\"a\\\"b\\u00e9\\n\",\"port\":-1.5e2,\"ok\":true,\"no\":false,\"list\":[]}]}");
        Map<?, ?> map = (Map<?, ?>) app;
        List<?> instances = (List<?>) map.get("instances");
        Map<?, ?> first = (Map<?, ?>) instances.get(0);
        assertThat(first.get("port")).isEqualTo(8081L);
        assertThat(first.get("state")).isEqualTo("RUNNING");
        assertThat(first.containsKey("gatewayMemberId")).isTrue();
        Map<?, ?> second = (Map<?, ?>) instances.get(1);
        assertThat(second.get("id")).isEqualTo("a\"b\u00e9\n");
        assertThat(second.get("port")).isEqualTo(-150.0);
        assertThat(second.get("ok")).isEqualTo(Boolean.TRUE);
        assertThat(second.get("list")).isEqualTo(List.of());
    }

    @Test
    void badDocumentsAreRefusedWithTheOffset() {
        assertThatThrownBy(() -> ControllerJson.parse("{\"a\":1,}"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("JSON at offset 7: expected a member name");
        assertThatThrownBy(() -> ControllerJson.parse("[1 2]")).hasMessage("JSON at offset 3: expected ']'");
        assertThatThrownBy(() -> ControllerJson.parse("\"open"))
                .hasMessage("JSON at offset 5: expected a closing quote");
        assertThatThrownBy(() -> ControllerJson.parse("{} x")).hasMessage("JSON at offset 3: expected end of document");
    }
}
