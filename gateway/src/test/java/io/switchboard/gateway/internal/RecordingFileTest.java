package io.switchboard.gateway.internal;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RecordingFileTest {
    @Test
    void theFormatIsTheExtension() {
        assertThat(RecordingApi.file(null, null, "17.3")).isEqualTo("switchboard-17.3.wav");
        assertThat(RecordingApi.file(null, "gsm", "17.3")).isEqualTo("switchboard-17.3.gsm");
        assertThat(RecordingApi.file("calls/a", null, "1")).isEqualTo("calls/a.wav");
        assertThat(RecordingApi.file("calls/a.ulaw", null, "1")).isEqualTo("calls/a.ulaw");
        assertThat(RecordingApi.file("calls/a.gsm", "gsm", "1")).isEqualTo("calls/a.gsm");
        assertThat(RecordingApi.file("calls/17.3", "wav", "1")).isEqualTo("calls/17.3.wav");
    }

    @Test
    void onlyRelativePathsInsideTheSpool() {
        for (String bad : new String[] {"/etc/passwd", "../x", "a/../../x", "a//b", "a b", "", "x".repeat(201)}) {
            assertThatThrownBy(() -> RecordingApi.file(bad, null, "1")).as(bad)
                    .isInstanceOf(ApiException.class).hasMessageStartingWith("file:");
        }
    }
}
