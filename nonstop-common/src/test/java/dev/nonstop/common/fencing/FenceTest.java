package dev.nonstop.common.fencing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nonstop.common.problem.Problem;
import org.junit.jupiter.api.Test;

class FenceTest {

    @Test
    void bothHeadersMakeAFenceAndNeitherMakesNone() {
        assertThat(Fence.fromHeaders(" r-1 ", " 7 ")).contains(new Fence("r-1", 7));
        assertThat(Fence.fromHeaders(null, null)).isEmpty();
    }

    @Test
    void aHeaderAloneOrMalformedIsRefusedNamingTheHeader() {
        assertThatThrownBy(() -> Fence.fromHeaders("r-1", "seven"))
                .isInstanceOfSatisfying(
                        InvalidFenceException.class,
                        e -> assertThat(e.problems()).extracting(Problem::path).containsExactly(Fence.TOKEN_HEADER))
                .hasMessageContaining("seven");
        assertThatThrownBy(() -> Fence.fromHeaders(null, "7"))
                .isInstanceOfSatisfying(
                        InvalidFenceException.class,
                        e -> assertThat(e.problems()).extracting(Problem::path).containsExactly(Fence.RELEASE_HEADER));
        assertThatThrownBy(() -> Fence.fromHeaders("r-1", "-1"))
                .isInstanceOf(InvalidFenceException.class)
                .hasMessage("X-Nonstop-Fencing-Token: -1 (expected: an integer >= 0, sent with X-Nonstop-Release)");
    }

    @Test
    void aBlankOrTooLongReleaseIdIsRefused() {
        assertThatThrownBy(() -> new Fence(" ", 1))
                .isInstanceOf(InvalidFenceException.class)
                .hasMessage("releaseId:   (expected: a non-empty id of at most 200 characters)");
        assertThatThrownBy(() -> new Fence("r".repeat(201), 1)).isInstanceOf(InvalidFenceException.class);
        assertThatThrownBy(() -> new Fence("r-1", -1)).hasMessage("token: -1 (expected: >= 0)");
    }
}
