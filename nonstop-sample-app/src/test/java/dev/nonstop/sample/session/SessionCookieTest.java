package dev.nonstop.sample.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SessionCookieTest {

    @Test
    void findsTheSessionAmongOtherCookies() {
        assertThat(SessionCookie.find(List.of("a=1; SAMPLE_SESSION=abc.1.xyz; b=2")))
                .contains("abc.1.xyz");
        assertThat(SessionCookie.find(List.of("a=1", "SAMPLE_SESSION=tok"))).contains("tok");
    }

    @Test
    void noCookieIsNoSession() {
        assertThat(SessionCookie.find(null)).isEmpty();
        assertThat(SessionCookie.find(List.of("OTHER_SAMPLE_SESSION=x"))).isEmpty();
    }

    @Test
    void theCookieIsHttpOnlyLaxAndSiteWide() {
        assertThat(SessionCookie.set("tok", 60))
                .isEqualTo("SAMPLE_SESSION=tok; Path=/; Max-Age=60; HttpOnly; SameSite=Lax");
        assertThat(SessionCookie.clear()).startsWith("SAMPLE_SESSION=;").contains("Max-Age=0");
    }
}
