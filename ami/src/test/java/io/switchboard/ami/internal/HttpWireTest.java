package io.switchboard.ami.internal;

import io.switchboard.ami.Action;
import org.junit.jupiter.api.Test;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class HttpWireTest {
    /** Decodes a form the way any server does (URLDecoder also turns '+' into a space). */
    private static List<String[]> decode(String form) {
        List<String[]> pairs = new ArrayList<>();
        for (String pair : form.split("&")) {
            int eq = pair.indexOf('=');
            pairs.add(new String[] {URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                    URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8)});
        }
        return pairs;
    }

    @Test
    void actionThenActionIdThenHeadersInOrderWithRepeats() {
        Action a = Action.named("Originate").header("Channel", "PJSIP/100").variable("A", "1").variable("B", "2");
        assertThat(HttpWire.form(a, "id-1"))
                .isEqualTo("Action=Originate&ActionID=id-1&Channel=PJSIP%2F100&Variable=A%3D1&Variable=B%3D2");
        assertThat(HttpWire.form(Action.named("Ping"), null)).isEqualTo("Action=Ping");
    }

    @Test
    void specialCharactersRoundTrip() {
        String[] values = {"a b", "x&y=z", "100%", "plus+sign", "ü€😀", "semi;colon", "quote\"'", "#?/\\", "", " "};
        Action a = Action.named("UserEvent");
        for (String v : values) {
            a = a.header("V", v);
        }
        String form = HttpWire.form(a, "id");
        assertThat(form).doesNotContain(" ").doesNotContain("+").matches("[A-Za-z0-9%=&._~-]*");
        assertThat(form).contains("V=a%20b&", "V=x%26y%3Dz&", "V=100%25&", "V=plus%2Bsign&",
                "V=%C3%BC%E2%82%AC%F0%9F%98%80&");
        List<String[]> decoded = decode(form);
        assertThat(decoded).hasSize(2 + values.length);
        for (int i = 0; i < values.length; i++) {
            assertThat(decoded.get(2 + i)).containsExactly("V", values[i]);
        }
    }

    @Test
    void keysAreEncodedToo() {
        Action a = Action.named("Setvar").header("Key With Space", "v");
        assertThat(HttpWire.form(a, null)).isEqualTo("Action=Setvar&Key%20With%20Space=v");
    }

    @Test
    void sessionCookieIsFoundAmongSetCookieHeaders() {
        assertThat(HttpWire.sessionCookie(List.of("mansession_id=\"5f0c2a91\"; Version=1; Max-Age=60")))
                .isEqualTo("\"5f0c2a91\"");
        assertThat(HttpWire.sessionCookie(List.of("other=1", "MANSESSION_ID=abc; Path=/"))).isEqualTo("abc");
        assertThat(HttpWire.sessionCookie(List.of("other=1"))).isNull();
        assertThat(HttpWire.sessionCookie(List.of("mansession_id=\"\""))).isNull();
        assertThat(HttpWire.sameSession("\"5F0C2A91\"", "5f0c2a91")).isTrue();
        assertThat(HttpWire.sameSession("\"5f0c2a91\"", "\"5f0c2a92\"")).isFalse();
    }

    @Test
    void eventMaskOffValues() {
        for (String off : new String[] {"off", "OFF", "no", "false", "n", "f", "0", "00"}) {
            assertThat(HttpTransport.isOff(off)).as(off).isTrue();
        }
        for (String on : new String[] {"on", "call,system", "1", "all", "10"}) {
            assertThat(HttpTransport.isOff(on)).as(on).isFalse();
        }
        assertThat(HttpTransport.isOff(null)).isFalse();
    }

    @Test
    void maxAgeOfTheSessionCookie() {
        assertThat(HttpWire.maxAgeSeconds(List.of("mansession_id=\"5f0c2a91\"; Version=1; Max-Age=60"))).isEqualTo(60);
        assertThat(HttpWire.maxAgeSeconds(List.of("other=1; Max-Age=5", "Mansession_ID=\"1\"; max-age=30")))
                .isEqualTo(30);
        assertThat(HttpWire.maxAgeSeconds(List.of("mansession_id=\"1\"; Version=1"))).isEqualTo(-1);
        assertThat(HttpWire.maxAgeSeconds(List.of("mansession_id=\"1\"; Max-Age=soon"))).isEqualTo(-1);
        assertThat(HttpWire.maxAgeSeconds(List.of())).isEqualTo(-1);
    }
}
