/**
 * The Switchboard AMI client: connect to an Asterisk Manager Interface, send actions, receive events.
 *
 * <p>{@code io.switchboard.ami} is the API ({@code AmiClient}, {@code AmiConfig}, the packet value types and
 * the exceptions); {@code io.switchboard.ami.codec} is the wire decoder on its own, for tools that read
 * captures. The implementation lives in {@code io.switchboard.ami.internal}, which is deliberately not
 * exported: code outside this module cannot compile against it, so it may change in any release.
 *
 * <p>Dependencies are the JDK and the SLF4J API only. {@code java.net.http} is for the HTTP transport
 * ({@code AmiTransport.HTTP}, Asterisk's {@code /rawman}); SLF4J is not part of any signature here, so it is
 * not required transitively.
 */
module io.switchboard.ami {
    requires java.net.http;
    requires org.slf4j;

    exports io.switchboard.ami;
    exports io.switchboard.ami.codec;
}
