package dev.nonstop.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class RequestHeadRangesTest {
    private static RequestHead head(String... fields) {
        StringBuilder s = new StringBuilder("GET / HTTP/1.1\r\nHost: h\r\n");
        for (String f : fields) {
            s.append(f).append("\r\n");
        }
        return RequestHead.parse(s.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1), 8192);
    }

    private static String text(RequestHead head, long range) {
        if (range < 0) {
            return null;
        }
        int start = RequestHead.rangeStart(range);
        return new String(head.headBytes(), start, RequestHead.rangeEnd(range) - start, StandardCharsets.ISO_8859_1);
    }

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void cookiesAreFoundInEveryCookieFieldWithoutDecoding() {
        RequestHead h = head("Cookie: a=1;  sid = \"q v\" ;flag; empty=", "X-Other: sid=no", "cookie: late=yes");

        assertThat(text(h, h.cookieRange(b("a")))).isEqualTo("1");
        assertThat(text(h, h.cookieRange(b("sid")))).isEqualTo("q v");
        assertThat(text(h, h.cookieRange(b("empty")))).isEqualTo("");
        assertThat(text(h, h.cookieRange(b("late")))).isEqualTo("yes");
        assertThat(h.cookieRange(b("flag"))).isEqualTo(-1);
        assertThat(h.cookieRange(b("A"))).as("names are case-sensitive").isEqualTo(-1);
        assertThat(head().cookieRange(b("a"))).isEqualTo(-1);
    }

    @Test
    void fieldsAreFoundByNameInAnyCase() {
        RequestHead h = head("X-Nonstop-Group: green", "x-nonstop-group: blue");

        assertThat(text(h, h.fieldRange(b("x-nonstop-group")))).isEqualTo("green");
        assertThat(h.rangeEquals(h.fieldRange(b("x-nonstop-group")), b("green")))
                .isTrue();
        assertThat(h.rangeEquals(h.fieldRange(b("x-nonstop-group")), b("Green")))
                .isFalse();
        assertThat(h.fieldRange(b("x-none"))).isEqualTo(-1);
    }

    @Test
    void forwardedForEntriesCountFromTheRightAcrossFields() {
        RequestHead h = head("X-Forwarded-For: 1.1.1.1 , 2.2.2.2", "x-forwarded-for: 3.3.3.3,, 4.4.4.4");

        assertThat(text(h, h.forwardedForEntry(1))).isEqualTo("4.4.4.4");
        assertThat(text(h, h.forwardedForEntry(2))).isEqualTo("3.3.3.3");
        assertThat(text(h, h.forwardedForEntry(3))).isEqualTo("2.2.2.2");
        assertThat(text(h, h.forwardedForEntry(4))).isEqualTo("1.1.1.1");
        assertThat(text(h, h.forwardedForEntry(9))).as("the leftmost").isEqualTo("1.1.1.1");
        assertThat(head().forwardedForEntry(1)).isEqualTo(-1);
    }
}
