package io.switchboard.codegen;

import io.switchboard.codegen.Catalog.ActionDef;
import io.switchboard.codegen.Catalog.Param;
import io.switchboard.codegen.Typing.Type;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Writes one class per documented action: constants ({@code NAME}, {@code WRITE_CLASSES}, {@code REQUIRED})
 * and a {@code Builder} with a setter per parameter, checking required parameters in {@code build()}.
 * Placeholders become indexed setters ({@code Action-000000} gives {@code action(int, String)});
 * {@code Variable} of Originate, MessageSend and PJSIPNotify repeats as {@code variable(name, value)}.
 */
public final class ActionGenerator {
    static final String PKG = "io.switchboard.ami.typed.actions";
    static final String BASE = "io.switchboard.ami.typed";

    /** Actions whose {@code Variable} is a repeatable {@code name=value} (elsewhere it is one variable name). */
    private static final Set<String> REPEATED_VARIABLE = Set.of("Originate", "MessageSend", "PJSIPNotify");
    /** Hand-written checks beyond required parameters: a class in the actions package, and what it checks. */
    private record Rules(String className, String summary) {
    }

    private static final Map<String, Rules> RULES = Map.of("Originate", new Rules("OriginateRules",
            "Channel is tech/resource; either Application (with optional Data) or Context, Exten and Priority, "
                    + "never both"));
    /** Members of the builder's base class. */
    private static final Set<String> RESERVED = Set.of("build", "header", "actionId", "get", "self", "set", "add",
            "addVariable", "validate", "isSet", "toString", "hashCode", "equals", "getClass", "notify", "notifyAll", "wait",
            "clone", "finalize");

    private static final Pattern SIX_DIGITS = Pattern.compile("(.*)-000000");
    private static final Pattern PAREN_INDEX = Pattern.compile("(.*)\\(0\\)");

    private ActionGenerator() {
    }

    public static String className(ActionDef a) {
        return Names.className(a.name(), "Action");
    }

    static void generate(List<ActionDef> actions, Path out) throws IOException {
        Set<String> names = new HashSet<>();
        for (ActionDef a : actions) {
            if (!names.add(className(a).toLowerCase(Locale.ROOT))) {
                throw new IllegalStateException("two actions map to class " + className(a));
            }
            actionClass(a, out);
        }
        if (!actions.stream().map(ActionDef::name).toList().containsAll(RULES.keySet())) {
            throw new IllegalStateException("RULES names an action the catalog does not have");
        }
        registry(actions, out);
    }

    private static void actionClass(ActionDef a, Path out) throws IOException {
        String cls = className(a);
        List<String> required = a.params().stream().filter(Param::required).map(Param::name).toList();
        Src s = new Src(PKG, List.of(BASE + ".ActionBuilder", BASE + ".AuthClass", "java.util.List",
                "java.util.Set"));
        s.line("/**");
        s.line(" * The {@code " + a.name() + "} action (documented in {@code " + a.source() + "}).");
        s.line(" * {@code " + cls + ".builder()...build()} gives an {@link io.switchboard.ami.Action} to send.");
        s.line(" */");
        s.line("public final class " + cls + " {");
        s.doc(1, "The action name.");
        s.line(1, "public static final String NAME = " + Names.literal(a.name()) + ";");
        s.doc(1, a.writeClasses().isEmpty() ? "The write classes of which a user needs one: none, any user may send it."
                : "The write classes of which a user needs one ({@code write=} in manager.conf).");
        s.line(1, "public static final Set<AuthClass> WRITE_CLASSES = Set.of(" + String.join(", ",
                a.writeClasses().stream().map(c -> "AuthClass." + c.toUpperCase(Locale.ROOT)).toList()) + ");");
        s.doc(1, "The parameters {@code build()} insists on.");
        s.listConstant(1, "public static final List<String> REQUIRED = ", required);
        s.line("");
        s.line(1, "private " + cls + "() {");
        s.line(1, "}");
        s.line("");
        s.doc(1, "A new builder.");
        s.line(1, "public static Builder builder() {");
        s.line(2, "return new Builder();");
        s.line(1, "}");
        s.line("");
        s.line(1, "/**");
        s.line(1, " * Builds {@code " + a.name() + "} actions. Not thread-safe; each {@link #build()} gives a new immutable action.");
        s.line(1, " * A missing required parameter is an {@link IllegalArgumentException} naming it.");
        Rules rules = RULES.get(a.name());
        if (rules != null) {
            s.line(1, " * {@code build()} also checks: " + rules.summary() + ".");
        }
        s.line(1, " */");
        s.line(1, "public static final class Builder extends ActionBuilder<Builder> {");
        s.line(2, "private Builder() {");
        s.line(3, "super(NAME, REQUIRED);");
        s.line(2, "}");
        s.line("");
        s.line(2, "@Override");
        s.line(2, "protected Builder self() {");
        s.line(3, "return this;");
        s.line(2, "}");
        Set<String> used = new HashSet<>(RESERVED);
        for (Param p : a.params()) {
            setter(a, p, s, used);
        }
        if (rules != null) {
            s.line("");
            s.line(2, "@Override");
            s.line(2, "protected void validate() {");
            s.line(3, rules.className() + ".check(this);");
            s.line(2, "}");
        }
        s.line(1, "}");
        s.line("}");
        s.write(out, cls);
    }

    private static void setter(ActionDef a, Param p, Src s, Set<String> used) {
        String name = p.name();
        if (name.equalsIgnoreCase("ActionID")) {
            return; // ActionBuilder.actionId
        }
        String req = p.required() ? " (required)" : "";
        Matcher six = SIX_DIGITS.matcher(name);
        Matcher paren = PAREN_INDEX.matcher(name);
        if (six.matches() || paren.matches()) {
            boolean sixDigits = six.matches();
            String base = sixDigits ? six.group(1) : paren.group(1);
            String method = Names.claim(a.name() + ": setter", Names.member(base), used);
            String key = sixDigits ? Names.literal(base + "-") + " + String.format(\"%06d\", index)"
                    : Names.literal(base + "(") + " + index + \")\"";
            s.line("");
            s.doc(2, "Sets {@code " + name + "} for entry {@code index} (" + (sixDigits ? "six digits" : "0, 1, ...")
                    + ")" + req + ".");
            s.line(2, "public Builder " + method + "(int index, String value) {");
            s.line(3, "if (index < 0) {");
            s.line(4, "throw new IllegalArgumentException(\"index must not be negative: \" + index);");
            s.line(3, "}");
            s.line(3, "return set(" + key + ", value);");
            s.line(2, "}");
            return;
        }
        if (name.equals("Header1") || name.equals("HeaderN")) {
            return; // UserEvent: any headers, through ActionBuilder.header(key, value)
        }
        if (name.equals("Variable") && REPEATED_VARIABLE.contains(a.name())) {
            Names.claim(a.name() + ": setter", "variable", used);
            s.line("");
            s.doc(2, "Adds one {@code Variable: name=value} header; repeat for more variables.");
            s.line(2, "public Builder variable(String name, String value) {");
            s.line(3, "return addVariable(name, value);");
            s.line(2, "}");
            return;
        }
        String method = Names.member(name);
        if (used.contains(method)) {
            method = method + "Value";
        }
        Names.claim(a.name() + ": setter", method, used);
        String key = Names.literal(name);
        s.line("");
        s.doc(2, "Sets {@code " + name + "}" + req + ".");
        s.line(2, "public Builder " + method + "(String " + method + ") {");
        s.line(3, "return set(" + key + ", " + method + ");");
        s.line(2, "}");
        Type t = Typing.actionParam(name);
        if (t != Type.STRING) {
            String jt = switch (t) {
                case INT -> "int";
                case LONG -> "long";
                case BOOL -> "boolean";
                default -> throw new IllegalStateException();
            };
            s.line("");
            s.doc(2, "Sets {@code " + name + "}" + req + (t == Type.BOOL ? " to {@code true} or {@code false}." : "."));
            s.line(2, "public Builder " + method + "(" + jt + " " + method + ") {");
            s.line(3, "return set(" + key + ", String.valueOf(" + method + "));");
            s.line(2, "}");
        }
    }

    private static void registry(List<ActionDef> actions, Path out) throws IOException {
        List<String> imports = new ArrayList<>(List.of("java.util.List", "java.util.Locale", "java.util.Optional",
                "java.util.Set"));
        Src s = new Src(PKG, imports);
        s.line("/** The documented actions by name (ignoring case): their write classes, without reflection. */");
        s.line("public final class TypedActions {");
        s.doc(1, "The names of every documented action, in catalog order (" + actions.size() + ").");
        s.listConstant(1, "public static final List<String> NAMES = ", actions.stream().map(ActionDef::name).toList());
        s.line("");
        s.line(1, "private TypedActions() {");
        s.line(1, "}");
        s.line("");
        s.line(1, "/**");
        s.line(1, " * The write classes of which a user needs one to send this action (empty: none needed), or empty");
        s.line(1, " * if the action is not documented.");
        s.line(1, " */");
        s.line(1, "public static Optional<Set<io.switchboard.ami.typed.AuthClass>> writeClasses(String action) {");
        s.line(2, "switch (action.toLowerCase(Locale.ROOT)) {");
        for (ActionDef a : actions) {
            s.line(3, "case " + Names.literal(a.name().toLowerCase(Locale.ROOT)) + ":");
            s.line(4, "return Optional.of(" + className(a) + ".WRITE_CLASSES);");
        }
        s.line(3, "default:");
        s.line(4, "return Optional.empty();");
        s.line(2, "}");
        s.line(1, "}");
        s.line("}");
        s.write(out, "TypedActions");
    }
}
