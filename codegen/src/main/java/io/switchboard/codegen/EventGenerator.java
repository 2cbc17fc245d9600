package io.switchboard.codegen;

import io.switchboard.codegen.Catalog.Block;
import io.switchboard.codegen.Catalog.BlockKind;
import io.switchboard.codegen.Catalog.EventDef;
import io.switchboard.codegen.Catalog.Param;
import io.switchboard.codegen.Typing.Type;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Writes one class per documented event (a view over the event's packet) and the {@code TypedEvents}
 * registry. The channel and bridge blocks are not generated per event: an event with its own block
 * implements {@code ChannelSnapshot} / {@code BridgeSnapshot}, and a prefixed block is a view method
 * ({@code dest()}, {@code toBridge()}), so every channel-bearing event is read the same way.
 */
public final class EventGenerator {
    static final String PKG = "io.switchboard.ami.typed.events";
    static final String BASE = "io.switchboard.ami.typed";

    /** Names an event class may not use for a header accessor: inherited or generated members. */
    private static final Set<String> RESERVED = Set.of("toString", "hashCode", "equals", "getClass", "notify",
            "notifyAll", "wait", "clone", "finalize", "packet", "get", "getAll", "has", "headers", "actionId",
            "event", "name", "eventClass", "channels", "bridges", "of", "listener");
    private static final Set<String> CHANNEL_MEMBERS = Set.of("channelPrefix", "hasChannel", "channel",
            "channelState", "channelStateDesc", "callerIdNum", "callerIdName", "connectedLineNum",
            "connectedLineName", "language", "accountCode", "context", "exten", "priority", "uniqueid", "linkedid",
            "tenantid", "chanVariables");
    private static final Set<String> BRIDGE_MEMBERS = Set.of("bridgePrefix", "hasBridge", "bridgeUniqueid",
            "bridgeType", "bridgeTechnology", "bridgeCreator", "bridgeName", "bridgeNumChannels",
            "bridgeVideoSourceMode", "bridgeVideoSource");

    private EventGenerator() {
    }

    /**
     * How one documented header is read: {@code view} is the block method ({@code dest()}; {@code null} for the
     * event itself), {@code method} the accessor ({@code indexed}: takes the report index).
     */
    public record Accessor(String header, String view, String method, Type type, boolean indexed) {
    }

    /** The accessor of every documented header of {@code e}, in {@link EventDef#headers()} order. */
    public static List<Accessor> plan(EventDef e) {
        boolean ownChannel = e.blocks().contains(new Block(BlockKind.CHANNEL, ""));
        boolean ownBridge = e.blocks().contains(new Block(BlockKind.BRIDGE, ""));
        Set<String> used = new HashSet<>(RESERVED);
        if (ownChannel) {
            used.addAll(CHANNEL_MEMBERS);
        }
        if (ownBridge) {
            used.addAll(BRIDGE_MEMBERS);
        }
        List<Accessor> out = new ArrayList<>();
        for (Block b : e.blocks()) {
            String view = null;
            if (!b.prefix().isEmpty()) {
                String suffix = b.kind() == BlockKind.CHANNEL ? "" : "Bridge";
                view = Names.claim(e.docName() + ": accessor", Names.member(b.prefix()) + suffix, used);
            }
            List<String> fields = b.kind() == BlockKind.CHANNEL ? Catalog.CHANNEL_FIELDS : Catalog.BRIDGE_FIELDS;
            for (String f : fields) {
                Type t = switch (f) {
                    case "ChannelState", "Priority", "BridgeNumChannels" -> Type.INT;
                    case "CallerIDName", "ConnectedLineName" -> Type.ESCAPED;
                    default -> Type.STRING;
                };
                out.add(new Accessor(b.prefix() + f, view, Names.member(f), t, false));
            }
        }
        for (Param p : e.params()) {
            if (p.name().equalsIgnoreCase("ActionID")) {
                out.add(new Accessor(p.name(), null, "actionId", Type.STRING, false)); // Message.actionId()
            } else if (p.name().contains("ReportX")) { // RTCPSent/RTCPReceived: X is the report index
                String method = Names.member(p.name().replace("ReportX", "Report"));
                String name = Names.claim(e.docName() + ": accessor", method, used);
                out.add(new Accessor(p.name(), null, name, Type.STRING, true));
            } else {
                String method = Names.member(p.docName());
                if (used.contains(method)) {
                    method = method + "Value";
                }
                Type type = Typing.eventHeader(e.docName(), p.name());
                String name = Names.claim(e.docName() + ": accessor", method, used);
                out.add(new Accessor(p.name(), null, name, type, false));
            }
        }
        return out;
    }

    public static String className(EventDef e) {
        return Names.className(e.docName(), "Event");
    }

    static void generate(List<EventDef> events, Path out) throws IOException {
        Set<String> classNames = new HashSet<>();
        for (EventDef e : events) {
            if (!classNames.add(className(e).toLowerCase(Locale.ROOT))) {
                throw new IllegalStateException("two events map to class " + className(e));
            }
            eventClass(e, out);
        }
        registry(events, out);
    }

    private static void eventClass(EventDef e, Path out) throws IOException {
        String cls = className(e);
        boolean ownChannel = e.blocks().contains(new Block(BlockKind.CHANNEL, ""));
        boolean ownBridge = e.blocks().contains(new Block(BlockKind.BRIDGE, ""));
        List<Accessor> plan = plan(e);
        Set<String> headerKeys = new HashSet<>();
        for (String h : e.headers()) {
            if (!headerKeys.add(h.toLowerCase(Locale.ROOT))) {
                throw new IllegalStateException(e.docName() + ": header " + h + " listed twice");
            }
        }

        Src s = new Src(PKG, List.of(BASE + ".AuthClass", BASE + ".BridgeSnapshot", BASE + ".ChannelSnapshot",
                BASE + ".HeaderValues", BASE + ".TypedEvent", "io.switchboard.ami.Event",
                "io.switchboard.ami.EventListener", "io.switchboard.ami.Packet", "java.util.List",
                "java.util.Optional", "java.util.OptionalInt", "java.util.OptionalLong",
                "java.util.function.Consumer"));
        String naming = e.wireName().equals(e.docName()) ? ""
                : " Sent as {@code " + e.wireName() + "}; the docs spell it {@code " + e.docName() + "}.";
        s.line("/**");
        s.line(" * The {@code " + e.docName() + "} event (documented in {@code " + String.join("}, {@code ", e.sources())
                + "}; class {@code " + e.authClass() + "})." + naming);
        s.line(" * A view over the event's packet: nothing is copied, and headers not documented stay readable");
        s.line(" * through {@link #get(String)}. Immutable and thread-safe.");
        s.line(" */");
        List<String> ifaces = new ArrayList<>(List.of("TypedEvent"));
        if (ownChannel) {
            ifaces.add("ChannelSnapshot");
        }
        if (ownBridge) {
            ifaces.add("BridgeSnapshot");
        }
        s.line("public final class " + cls + " implements " + String.join(", ", ifaces) + " {");
        s.doc(1, "The event name as Asterisk 22 sends it.");
        s.line(1, "public static final String NAME = " + Names.literal(e.wireName()) + ";");
        s.doc(1, "The class this event is documented with (its {@code Privilege} label).");
        s.line(1, "public static final AuthClass EVENT_CLASS = AuthClass." + e.authClass().toUpperCase(Locale.ROOT) + ";");
        s.doc(1, "The documented headers, blocks expanded, in document order, as spelled on the wire.");
        s.listConstant(1, "public static final List<String> HEADERS = ", e.headers());
        s.line("");
        s.line(1, "private final Event event;");
        s.line("");
        s.doc(1, "Views {@code event}; throws {@link IllegalArgumentException} if its name is not {@value #NAME} "
                + "(ignoring case).");
        s.line(1, "public " + cls + "(Event event) {");
        s.line(2, "this.event = HeaderValues.requireEvent(event, NAME);");
        s.line(1, "}");
        s.line("");
        s.doc(1, "Views a decoded packet; see {@link #" + cls + "(Event)}.");
        s.line(1, "public static " + cls + " of(Packet packet) {");
        s.line(2, "return new " + cls + "(new Event(packet));");
        s.line(1, "}");
        s.line("");
        s.line(1, "/**");
        s.line(1, " * Adapts {@code consumer} to an {@link EventListener}: {@code ami.on(" + cls + ".NAME, "
                + cls + ".listener(e -> ...))}.");
        s.line(1, " * Events with another name are ignored.");
        s.line(1, " */");
        s.line(1, "public static EventListener listener(Consumer<? super " + cls + "> consumer) {");
        s.line(2, "return event -> {");
        s.line(3, "if (event.is(NAME)) {");
        s.line(4, "consumer.accept(new " + cls + "(event));");
        s.line(3, "}");
        s.line(2, "};");
        s.line(1, "}");
        s.line("");
        s.line(1, "@Override");
        s.line(1, "public Event event() {");
        s.line(2, "return event;");
        s.line(1, "}");
        s.line("");
        s.line(1, "@Override");
        s.line(1, "public Packet packet() {");
        s.line(2, "return event.packet();");
        s.line(1, "}");
        s.line("");
        s.line(1, "@Override");
        s.line(1, "public Optional<AuthClass> eventClass() {");
        s.line(2, "return Optional.of(EVENT_CLASS);");
        s.line(1, "}");
        blockAccessors(e, s);
        for (Param p : e.params()) {
            for (Accessor a : plan) {
                if (a.view() == null && a.header().equals(p.name()) && !a.method().equals("actionId")) {
                    accessor(p, a, s);
                }
            }
        }
        s.line("");
        s.line(1, "@Override");
        s.line(1, "public boolean equals(Object o) {");
        s.line(2, "return o instanceof " + cls + " other && other.event.equals(event);");
        s.line(1, "}");
        s.line("");
        s.line(1, "@Override");
        s.line(1, "public int hashCode() {");
        s.line(2, "return event.hashCode();");
        s.line(1, "}");
        s.line("");
        s.line(1, "@Override");
        s.line(1, "public String toString() {");
        s.line(2, "return " + Names.literal(cls) + " + event.toString().substring(\"Event\".length());");
        s.line(1, "}");
        s.line("}");
        s.write(out, cls);
    }

    private static void blockAccessors(EventDef e, Src s) {
        List<String> channelParts = new ArrayList<>();
        List<String> bridgeParts = new ArrayList<>();
        for (Block b : e.blocks()) {
            boolean channel = b.kind() == BlockKind.CHANNEL;
            if (b.prefix().isEmpty()) {
                (channel ? channelParts : bridgeParts).add("this");
                continue;
            }
            String method = Names.member(b.prefix()) + (channel ? "" : "Bridge"); // claimed in plan()
            String type = channel ? "ChannelSnapshot" : "BridgeSnapshot";
            (channel ? channelParts : bridgeParts).add(method + "()");
            s.line("");
            s.doc(1, "The {@code " + b.prefix() + "*} " + (channel ? "channel" : "bridge") + " block ({@code "
                    + b.headers().get(0) + "}, ...); {@link " + type + "#has" + (channel ? "Channel" : "Bridge")
                    + "()} tells whether it was sent.");
            s.line(1, "public " + type + " " + method + "() {");
            s.line(2, "return " + type + ".of(packet(), " + Names.literal(b.prefix()) + ");");
            s.line(1, "}");
        }
        if (!channelParts.isEmpty()) {
            s.line("");
            s.line(1, "@Override");
            s.line(1, "public List<ChannelSnapshot> channels() {");
            s.line(2, "return ChannelSnapshot.present(" + String.join(", ", channelParts) + ");");
            s.line(1, "}");
        }
        if (!bridgeParts.isEmpty()) {
            s.line("");
            s.line(1, "@Override");
            s.line(1, "public List<BridgeSnapshot> bridges() {");
            s.line(2, "return BridgeSnapshot.present(" + String.join(", ", bridgeParts) + ");");
            s.line(1, "}");
        }
    }

    private static void accessor(Param p, Accessor a, Src s) {
        String note = p.wireOnly() ? " Sent by Asterisk 22 but missing from its docs." : "";
        s.line("");
        if (a.indexed()) {
            String[] parts = p.name().split("ReportX", 2);
            s.doc(1, "The {@code " + p.name() + "} header of report {@code index} ({@code X} = 0, 1, ...), "
                    + "or {@code null} if absent.");
            s.line(1, "public String " + a.method() + "(int index) {");
            s.line(2, "return packet().get(" + Names.literal(parts[0] + "Report") + " + index + "
                    + Names.literal(parts[1]) + ");");
            s.line(1, "}");
            return;
        }
        String method = a.method();
        String key = Names.literal(p.name());
        Type type = a.type();
        switch (type) {
            case STRING -> {
                s.doc(1, "The {@code " + p.name() + "} header, or {@code null} if absent." + note);
                s.line(1, "public String " + method + "() {");
                s.line(2, "return packet().get(" + key + ");");
            }
            case ESCAPED -> {
                s.doc(1, "The {@code " + p.name() + "} header with Asterisk's C escapes undone "
                        + "({@code O\\'Brien} becomes {@code O'Brien}), or {@code null} if absent." + note);
                s.line(1, "public String " + method + "() {");
                s.line(2, "return HeaderValues.unescaped(packet(), " + key + ");");
            }
            case INT, LONG -> {
                String t = type == Type.INT ? "OptionalInt" : "OptionalLong";
                s.line(1, "/**");
                s.line(1, " * The {@code " + p.name() + "} header as a number; empty if absent or blank." + note);
                s.line(1, " *");
                s.line(1, " * @throws io.switchboard.ami.typed.MalformedHeaderException if it is not a decimal number");
                s.line(1, " */");
                s.line(1, "public " + t + " " + method + "() {");
                s.line(2, "return HeaderValues." + (type == Type.INT ? "intValue" : "longValue") + "(packet(), " + key + ");");
            }
            case BOOL -> {
                s.line(1, "/**");
                s.line(1, " * The {@code " + p.name() + "} header as a boolean ({@code yes/true/on/1} or "
                        + "{@code no/false/off/0}, any case); empty if absent or blank." + note);
                s.line(1, " *");
                s.line(1, " * @throws io.switchboard.ami.typed.MalformedHeaderException if it is neither");
                s.line(1, " */");
                s.line(1, "public Optional<Boolean> " + method + "() {");
                s.line(2, "return HeaderValues.boolValue(packet(), " + key + ");");
            }
            default -> throw new IllegalStateException();
        }
        s.line(1, "}");
    }

    private static void registry(List<EventDef> events, Path out) throws IOException {
        List<String> imports = new ArrayList<>(List.of("io.switchboard.ami.Event", "io.switchboard.ami.Packet",
                "java.util.List", "java.util.Locale"));
        events.forEach(e -> imports.add(PKG + "." + className(e)));
        Src s = new Src(BASE, imports);
        s.line("/**");
        s.line(" * Finds the typed view of an event by its name (ignoring case): a generated switch, no reflection.");
        s.line(" * An event no class exists for comes back as an {@link UnknownEvent}, never dropped.");
        s.line(" */");
        s.line("public final class TypedEvents {");
        s.doc(1, "The wire names of every documented event, in catalog order (" + events.size() + ").");
        s.listConstant(1, "public static final List<String> NAMES = ", events.stream().map(EventDef::wireName).toList());
        s.line("");
        s.line(1, "private TypedEvents() {");
        s.line(1, "}");
        s.line("");
        s.doc(1, "The typed view of {@code event}: its generated class, or an {@link UnknownEvent}.");
        s.line(1, "public static TypedEvent of(Event event) {");
        s.line(2, "switch (event.name().toLowerCase(Locale.ROOT)) {");
        for (EventDef e : events) {
            s.line(3, "case " + Names.literal(e.wireName().toLowerCase(Locale.ROOT)) + ":");
            s.line(4, "return new " + className(e) + "(event);");
        }
        s.line(3, "default:");
        s.line(4, "return new UnknownEvent(event);");
        s.line(2, "}");
        s.line(1, "}");
        s.line("");
        s.doc(1, "The typed view of a decoded event packet.");
        s.line(1, "public static TypedEvent of(Packet packet) {");
        s.line(2, "return of(new Event(packet));");
        s.line(1, "}");
        s.line("");
        s.doc(1, "Whether a typed class exists for this event name (ignoring case).");
        s.line(1, "public static boolean isDocumented(String name) {");
        s.line(2, "switch (name.toLowerCase(Locale.ROOT)) {");
        for (EventDef e : events) {
            s.line(3, "case " + Names.literal(e.wireName().toLowerCase(Locale.ROOT)) + ":");
        }
        s.line(4, "return true;");
        s.line(3, "default:");
        s.line(4, "return false;");
        s.line(2, "}");
        s.line(1, "}");
        s.line("}");
        s.write(out, "TypedEvents");
    }
}
