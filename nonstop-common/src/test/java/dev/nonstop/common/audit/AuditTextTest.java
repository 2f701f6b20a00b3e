package dev.nonstop.common.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class AuditTextTest {

    @Test
    void textThatFitsIsKeptAndLongerTextIsCutAndMarked() {
        assertThat(AuditText.fit("POST /api/apps", 255)).isEqualTo("POST /api/apps");
        assertThat(AuditText.fit(null, 255)).isNull();

        String cut = AuditText.fit("/api/" + "a".repeat(10_000), 255);

        assertThat(cut).hasSize(255).startsWith("/api/aaa").endsWith("aaa...");
    }

    @Test
    void aSurrogatePairIsNeverSplit() {
        String text = "ab" + "\uD83D\uDE00" + "cdef"; // an emoji at 2-3

        assertThat(AuditText.fit(text, 6)).isEqualTo("ab...");
    }

    @Test
    void aTooSmallMaximumIsRefused() {
        assertThatThrownBy(() -> AuditText.fit("x", 3)).hasMessage("max: 3 (expected: > 3)");
    }
}
