package io.switchboard.cli;

import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.ami.Packet;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.Locale;

/**
 * JSON Lines: one object per packet, {@code {"type":..,"name":..,"headers":[[k,v],..]}}, written by one
 * streaming generator so that a 6 MB capture never becomes one big tree. Headers are pairs, not an object,
 * because keys repeat and their order matters.
 */
final class JsonPacketPrinter implements PacketPrinter {
    /** No separator between root values (each line ends with our own LF); the caller owns the writer. */
    private static final ObjectMapper MAPPER = new ObjectMapper(new JsonFactoryBuilder()
            .rootValueSeparator((String) null)
            .disable(StreamWriteFeature.AUTO_CLOSE_TARGET)
            .disable(StreamWriteFeature.FLUSH_PASSED_TO_STREAM)
            .build());

    private final JsonGenerator json;

    JsonPacketPrinter(PrintWriter out) {
        try {
            this.json = MAPPER.getFactory().createGenerator(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void onBanner(String banner) {
        try {
            json.writeStartObject();
            json.writeStringField("type", "banner");
            json.writeStringField("name", banner);
            json.writeArrayFieldStart("headers");
            json.writeEndArray();
            json.writeEndObject();
            json.writeRaw('\n');
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void onPacket(Packet packet) {
        try {
            json.writeStartObject();
            json.writeStringField("type", packet.kind().name().toLowerCase(Locale.ROOT));
            json.writeStringField("name", packet.name());
            json.writeArrayFieldStart("headers");
            for (int i = 0; i < packet.size(); i++) {
                json.writeStartArray();
                json.writeString(packet.key(i));
                json.writeString(packet.value(i));
                json.writeEndArray();
            }
            json.writeEndArray();
            json.writeEndObject();
            json.writeRaw('\n');
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void flush() {
        try {
            json.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
