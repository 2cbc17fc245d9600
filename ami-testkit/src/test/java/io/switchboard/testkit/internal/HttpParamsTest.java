package io.switchboard.testkit.internal;

import io.switchboard.ami.Packet;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Request parameters as FakeAsterisk's HTTP manager reads them from a query string or form body. */
class HttpParamsTest {
    /** The text of raw bytes as the HTTP server hands them over: one char per byte. */
    private static String latin1(String s) {
        return new String(s.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
    }

    @Test
    void percentEscapesAndPlusDecodeAsUtf8() {
        Packet p = HttpParams.toRequest("Action=UserEvent&Value=a+b%26c%3Dd%25%C3%BC&Value=2&&flag");
        assertThat(p.getAll("Value")).containsExactly("a b&c=d%ü", "2");
        assertThat(p.get("flag")).isEmpty();
    }

    @Test
    void rawUtf8BytesLeftUnescapedAreReadAsUtf8() {
        // curl -d 'Value=ü€' sends the bytes as they are, without percent-encoding them.
        Packet p = HttpParams.toRequest(latin1("Action=UserEvent&Value=ü€ x&Mixed=ü%C3%BC"));
        assertThat(p.get("Value")).isEqualTo("ü€ x");
        assertThat(p.get("Mixed")).isEqualTo("üü");
    }

    @Test
    void malformedEscapesAreKept() {
        assertThat(HttpParams.decode("100%")).isEqualTo("100%");
        assertThat(HttpParams.decode("%zz%4")).isEqualTo("%zz%4");
        assertThat(HttpParams.decode("%41%42")).isEqualTo("AB");
    }

    @Test
    void sessionIdFromTheCookieQuotedOrNot() {
        assertThat(HttpParams.sessionId(List.of("a=b; mansession_id=\"0000beef\""))).isEqualTo(0xbeefL);
        assertThat(HttpParams.sessionId(List.of("MANSESSION_ID=ffffffff"))).isEqualTo(0xffffffffL);
        assertThat(HttpParams.sessionId(List.of("mansession_id=nothex"))).isEqualTo(-1);
        assertThat(HttpParams.sessionId(null)).isEqualTo(-1);
    }
}
