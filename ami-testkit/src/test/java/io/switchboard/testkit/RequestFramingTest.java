package io.switchboard.testkit;

import io.switchboard.ami.Packet;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How FakeAsterisk reads a client's bytes, checked against Asterisk's {@code get_input}/{@code do_message}
 * (ami-protocol.md §3): blanks after the colon, stray blank lines, the 1024-byte input buffer, the 128-line
 * limit and NUL bytes. Each test writes raw bytes and compares the raw replies, since a client-side decoder
 * would hide exactly the differences under test (trailing blanks, empty replies).
 */
class RequestFramingTest {
    private static final String LOGIN =
            "Action: Login\r\nActionID: in\r\nUsername: admin\r\nSecret: amp111\r\nEvents: off\r\n\r\n";
    private static final String LOGOFF = "Action: Logoff\r\nActionID: bye\r\n\r\n";
    private static final String GOODBYE =
            "Response: Goodbye\r\nActionID: bye\r\nMessage: Thanks for all the fish.\r\n\r\n";

    private FakeAsterisk fake;

    @BeforeEach
    void start() {
        fake = FakeAsterisk.builder().loginDelay(Duration.ZERO).start();
    }

    @AfterEach
    void stop() {
        fake.close();
    }

    /** The replies to {@code requests} (sent after a login with events off, before a Logoff), as raw text. */
    private String replies(String requests) {
        try (AmiTestClient c = AmiTestClient.connect(fake)) {
            c.send((LOGIN + requests + LOGOFF).getBytes(StandardCharsets.ISO_8859_1));
            String all = new String(c.readAllUntilClosed(), StandardCharsets.ISO_8859_1);
            String loggedIn = "Message: Authentication accepted\r\n\r\n";
            assertThat(all).contains(loggedIn).endsWith(GOODBYE);
            return all.substring(all.indexOf(loggedIn) + loggedIn.length(), all.length() - GOODBYE.length());
        }
    }

    private static String error(String actionId, String message) {
        return "Response: Error\r\n" + (actionId == null ? "" : "ActionID: " + actionId + "\r\n")
                + "Message: " + message + "\r\n\r\n";
    }

    private static List<String> lines(String wire) {
        return List.of(wire.split("\r\n", -1));
    }

    /** Keeps only the Ping replies' first two lines (the Timestamp differs from run to run). */
    private static List<String> withoutTimestamps(String wire) {
        List<String> out = new ArrayList<>();
        for (String line : lines(wire)) {
            if (!line.startsWith("Timestamp: ")) {
                out.add(line);
            }
        }
        return out;
    }

    @Test
    void blanksAfterTheColonAreSkippedAndTrailingBlanksKept() {
        // __astman_get_header skips every byte below 33 after the colon and keeps the rest as it is; the key is
        // matched case-insensitively and must be followed directly by the colon.
        String replies = replies("Action:\tPing\r\nActionID:   a1  \r\n\r\n"
                + "ACTION:Ping\r\nactionid:a2\r\n\r\n"
                + "Action : Ping\r\nActionID: a3\r\n\r\n"
                + " Action: Ping\r\nActionID: a4\r\n\r\n");
        assertThat(withoutTimestamps(replies)).containsExactly(
                "Response: Success", "ActionID: a1  ", "Ping: Pong", "",
                "Response: Success", "ActionID: a2", "Ping: Pong", "",
                "Response: Error", "ActionID: a3", "Message: Missing action in request", "",
                "Response: Error", "ActionID: a4", "Message: Missing action in request", "", "");
        assertThat(fake.takeAction(AmiTestClient.TIMEOUT).get("Action")).isEqualTo("Login");
        Packet first = fake.takeAction(AmiTestClient.TIMEOUT);
        assertThat(first.get("Action")).isEqualTo("Ping");
        assertThat(first.actionId()).isEqualTo("a1  ");
    }

    @Test
    void aStrayBlankLineIsAnEmptyRequestAnsweredLikeMissing_action() {
        // The recorded "Missing action in request" reply, without the ActionID an empty request cannot have.
        String recorded = Transcripts.text("missing_action.recv");
        int at = recorded.indexOf("Response: Error\r\n");
        String expected = recorded.substring(at, recorded.indexOf("\r\n\r\n", at) + 4)
                .replaceAll("ActionID: [^\r]*\r\n", "");
        assertThat(expected).isEqualTo(error(null, "Missing action in request"));

        String replies = replies("\r\nAction: Ping\r\nActionID: p\r\n\r\n\r\n");
        assertThat(withoutTimestamps(replies)).containsExactlyElementsOf(withoutTimestamps(expected
                + "Response: Success\r\nActionID: p\r\nPing: Pong\r\nTimestamp: x\r\n\r\n" + expected));
        // Not an action for takeAction: only Login and Ping were requests with lines.
        assertThat(fake.takeAction(AmiTestClient.TIMEOUT).get("Action")).isEqualTo("Login");
        assertThat(fake.takeAction(AmiTestClient.TIMEOUT).actionId()).isEqualTo("p");
        assertThat(fake.takeAction(AmiTestClient.TIMEOUT).actionId()).isEqualTo("bye");
    }

    @Test
    void aStrayBlankLineRaisesRequestBadFormat() {
        try (AmiTestClient c = AmiTestClient.login(fake, "admin", "amp111")) {
            c.syncEvents();
            c.send("\r\n");
            Packet bad = c.nextEvent("RequestBadFormat");
            assertThat(bad.get("RequestType")).isEqualTo("Action: NONE");
        }
    }

    @Test
    void aLineFitsTheInputBufferUpTo1022BytesWithCrlfOr1023WithLf() {
        String fits = replies("Action: Ping\r\nActionID: crlf\r\nX: " + "y".repeat(1019) + "\r\n\r\n"
                + "Action: Ping\nActionID: lf\nX: " + "y".repeat(1020) + "\n\n");
        assertThat(withoutTimestamps(fits)).containsExactly(
                "Response: Success", "ActionID: crlf", "Ping: Pong", "",
                "Response: Success", "ActionID: lf", "Ping: Pong", "", "");
    }

    @Test
    void a1023ByteLineLosesItsCrSoItsLfEndsTheRequest() {
        // 1023 bytes + CR fill the buffer: Asterisk keeps only the CR, which with the LF makes an empty line.
        // The request ends there ("line too long"), and the lines after it form a request of their own.
        String replies = replies("Action: Ping\r\nActionID: a\r\nX: " + "y".repeat(1020) + "\r\n"
                + "ActionID: rest\r\n\r\n");
        assertThat(replies).isEqualTo(error("a", "Failed to parse message: line too long")
                + error("rest", "Missing action in request"));
    }

    @Test
    void aHugeLineIsRejectedAndTheSessionCarriesOn() {
        // 3 MiB in one line: thrown away 1 KiB at a time, never buffered whole, never a reason to disconnect.
        String replies = replies("Action: Ping\r\nActionID: huge\r\nX: " + "y".repeat(3 << 20) + "\r\n\r\n"
                + "Action: Ping\r\nActionID: after\r\n\r\n");
        assertThat(withoutTimestamps(replies)).containsExactly(
                "Response: Error", "ActionID: huge", "Message: Failed to parse message: line too long", "",
                "Response: Success", "ActionID: after", "Ping: Pong", "", "");
    }

    @Test
    void anActionIdLineTooLongIsLostWithTheBytesThrownAway() {
        String replies = replies("Action: Ping\r\nActionID: " + "i".repeat(2000) + "\r\n\r\n");
        assertThat(replies).isEqualTo(error(null, "Failed to parse message: line too long"));
    }

    @Test
    void moreThan128LinesAreAnErrorWithTheActionIdOnlyIfItWasKept() {
        StringBuilder first = new StringBuilder("Action: Ping\r\nActionID: early\r\n");
        StringBuilder late = new StringBuilder("Action: Ping\r\n");
        for (int i = 0; i < 127; i++) {
            first.append("X").append(i).append(": y\r\n");
            late.append("X").append(i).append(": y\r\n");
        }
        late.append("ActionID: late\r\n");  // line 129: dropped
        StringBuilder exactly128 = new StringBuilder("Action: Ping\r\nActionID: full\r\n");
        for (int i = 0; i < 126; i++) {
            exactly128.append("X").append(i).append(": y\r\n");
        }
        String replies = replies(first + "\r\n" + late + "\r\n" + exactly128 + "\r\n");
        assertThat(withoutTimestamps(replies)).containsExactly(
                "Response: Error", "ActionID: early", "Message: Too many lines in message or allocation failure", "",
                "Response: Error", "Message: Too many lines in message or allocation failure", "",
                "Response: Success", "ActionID: full", "Ping: Pong", "", "");
    }

    @Test
    void aLineEndsAtItsFirstNulAndALineStartingWithNulIsBlank() {
        String replies = replies("Action: Ping\0junk\r\nActionID: n1\r\n\r\n"
                + "Action: Ping\r\n\0ActionID: n2\r\nActionID: n3\r\n\r\n");
        assertThat(withoutTimestamps(replies)).containsExactly(
                "Response: Success", "ActionID: n1", "Ping: Pong", "",
                "Response: Success", "Ping: Pong", "",
                "Response: Error", "ActionID: n3", "Message: Missing action in request", "", "");
    }

    @Test
    void userEventCopiesTheClientsLinesByteForByte() {
        // action_userevent appends every line not starting with "UserEvent:" or "Action:" (any case) as it is.
        try (AmiTestClient c = AmiTestClient.connect(fake)) {
            c.send((LOGIN.replace("Events: off", "Events: user") + "Action: UserEvent\r\nUserEvent:Mine\r\n"
                    + "ActionID:u1\r\nHeader1:   spaced  \r\nno colon here\r\naction: again\r\nUSEREVENT: x\r\n"
                    + "Header2: a: b\r\n\r\n" + LOGOFF).getBytes(StandardCharsets.ISO_8859_1));
            String all = new String(c.readAllUntilClosed(), StandardCharsets.ISO_8859_1);
            String accepted = "Message: Authentication accepted\r\n\r\n";
            assertThat(all.substring(all.indexOf(accepted) + accepted.length())).isEqualTo(
                    "Response: Success\r\nActionID: u1\r\nMessage: Event Sent\r\n\r\n"
                    + "Event: UserEvent\r\nPrivilege: user,all\r\nUserEvent: Mine\r\nActionID:u1\r\n"
                    + "Header1:   spaced  \r\nno colon here\r\nHeader2: a: b\r\n\r\n" + GOODBYE);
        }
    }
}
