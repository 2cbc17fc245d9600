package io.switchboard.cli;

import io.switchboard.ami.ProtocolException;
import io.switchboard.ami.codec.DecoderLimits;
import io.switchboard.ami.codec.PacketDecoder;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * {@code switchboard decode FILE [--json]}: decodes a raw AMI byte capture (what a server sent, banner first,
 * or what a client sent) with the library's own {@link PacketDecoder}, reading the file in chunks and printing
 * each packet as soon as it is complete. On malformed or truncated input everything decoded so far is printed,
 * then the error goes to stderr.
 */
@Command(name = "decode",
        mixinStandardHelpOptions = true,
        description = {"Decode a raw AMI byte capture (e.g. a .recv or .sent transcript) into packets.",
                "A first line without a colon is taken as the server banner."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
                "0:every byte decoded",
                "1:the file could not be opened or read",
                "2:invalid usage, or malformed or truncated AMI input (what was decoded before it is printed)"})
final class DecodeCommand implements Callable<Integer> {
    private static final int READ_SIZE = 64 * 1024;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "The capture to decode, or - for standard input.")
    String file;

    @Option(names = "--json", description = "Print JSON Lines: one object per packet with type (banner, event, "
            + "response, action or other), name, and headers as [key, value] pairs.")
    boolean json;

    @Option(names = "--max-line", paramLabel = "BYTES", description = "Longest line accepted (default: ${DEFAULT-VALUE}).")
    int maxLine = DecoderLimits.DEFAULT.maxLineBytes();

    @Option(names = "--max-headers", paramLabel = "N", description = "Most headers in one packet (default: ${DEFAULT-VALUE}).")
    int maxHeaders = DecoderLimits.DEFAULT.maxHeaders();

    @Option(names = "--max-packet", paramLabel = "BYTES", description = "Largest packet accepted (default: ${DEFAULT-VALUE}).")
    int maxPacket = DecoderLimits.DEFAULT.maxPacketBytes();

    /** Standard input, replaceable in tests. */
    InputStream stdin = System.in;

    @Override
    public Integer call() {
        DecoderLimits limits = limits();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        PacketPrinter printer = json ? new JsonPacketPrinter(out) : new TextPacketPrinter(out);
        PacketDecoder decoder = new PacketDecoder(limits, true, printer);
        try (InputStream in = open()) {
            byte[] buf = new byte[READ_SIZE];
            for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
                decoder.feed(buf, 0, n);
            }
            decoder.finish();
            printer.flush();
            return Main.OK;
        } catch (ProtocolException e) {
            printer.flush();
            out.flush();
            err.printf("switchboard decode: %s: malformed AMI input (%d bytes read): %s%n",
                    file, decoder.bytesFed(), e.getMessage());
            return Main.MALFORMED;
        } catch (NoSuchFileException e) {
            printer.flush();
            err.printf("switchboard decode: %s: no such file%n", file);
            return Main.UNREADABLE;
        } catch (IOException e) {
            printer.flush();
            out.flush();
            err.printf("switchboard decode: %s: cannot read: %s%n", file, e.getMessage());
            return Main.UNREADABLE;
        }
    }

    private DecoderLimits limits() {
        try {
            return new DecoderLimits(maxLine, maxHeaders, maxPacket);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    private InputStream open() throws IOException {
        if (file.equals("-")) {
            return stdin;
        }
        return Files.newInputStream(Path.of(file));
    }
}
