package dev.nonstop.sample.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {

    @Test
    void writesScalarsInOrderAndEscapesStrings() {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("inFlight", 3);
        values.put("idle", false);
        values.put("user", "a \"b\"\\\n<c>");
        values.put("none", null);

        assertThat(Json.write(values))
                .isEqualTo(
                        "{\"inFlight\":3,\"idle\":false,\"user\":\"a \\\"b\\\"\\\\\\n\\u003cc\\u003e\",\"none\":null}");
    }

    @Test
    void readsWhatItWrites() {
        String user = "Zoë \"the\" <admin>\\\t";

        assertThat(Json.readFlatObject(Json.write(Map.of("user", user)))).containsEntry("user", user);
    }

    @Test
    void readsAFlatObjectOfScalars() {
        assertThat(Json.readFlatObject(" { \"user\" : \"ann\", \"n\": -1.5e3, \"ok\":true, \"x\":null } "))
                .containsEntry("user", "ann")
                .containsEntry("n", "-1.5e3")
                .containsEntry("ok", "true")
                .containsEntry("x", null);
        assertThat(Json.readFlatObject("{}")).isEmpty();
        assertThat(Json.readFlatObject("{\"u\":\"\\u00e9\"}")).containsEntry("u", "é");
    }

    @Test
    void refusesMalformedJsonWithTheOffset() {
        assertThatThrownBy(() -> Json.readFlatObject("{\"user\":"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("malformed JSON at offset 8");
        assertThatThrownBy(() -> Json.readFlatObject("user=ann")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Json.readFlatObject("{\"a\":{}}")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Json.readFlatObject("{} x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Json.readFlatObject("{\"a\":\"open")).isInstanceOf(IllegalArgumentException.class);
    }
}
