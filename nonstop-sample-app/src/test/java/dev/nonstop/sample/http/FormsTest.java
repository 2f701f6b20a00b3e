package dev.nonstop.sample.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class FormsTest {

    @Test
    void decodesNamesAndValues() {
        assertThat(Forms.parse("user=Zo%C3%AB+B&x&ms=5&ms=6"))
                .containsEntry("user", "Zoë B")
                .containsEntry("x", "")
                .containsEntry("ms", "5");
    }

    @Test
    void nothingIsNoValues() {
        assertThat(Forms.parse(null)).isEmpty();
        assertThat(Forms.parse("")).isEmpty();
        assertThat(Forms.parse("&&")).isEmpty();
    }

    @Test
    void aBrokenEscapeIsRefused() {
        assertThatThrownBy(() -> Forms.parse("user=%zz")).isInstanceOf(IllegalArgumentException.class);
    }
}
