package io.switchboard.ami.typed;

import io.switchboard.ami.Action;
import io.switchboard.ami.Header;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The base of every generated action builder ({@code OriginateAction.builder()} ...). Headers keep the order in
 * which they were first set; setting a parameter again replaces its value, while {@link #header} and repeated
 * parameters ({@code Variable}) append. {@link #build()} checks the required parameters (a blank value counts
 * as missing) and any action-specific rule, then returns an immutable {@link Action}.
 *
 * <p>A value with CR or LF is refused at once with {@link IllegalArgumentException} (header injection); a
 * {@code null} value is a {@link NullPointerException} naming the parameter. Not thread-safe.
 *
 * @param <B> the concrete builder, returned by every setter
 */
public abstract class ActionBuilder<B extends ActionBuilder<B>> {
    private final String name;
    private final List<String> required;
    private final List<Header> headers = new ArrayList<>();
    private String actionId;

    protected ActionBuilder(String name, List<String> required) {
        this.name = Objects.requireNonNull(name, "name");
        this.required = List.copyOf(required);
    }

    /** {@code this}, typed as the concrete builder. */
    protected abstract B self();

    /** Sets a single-valued parameter, replacing an earlier value of the same key (ignoring case). */
    protected final B set(String key, String value) {
        check(key, value);
        for (int i = 0; i < headers.size(); i++) {
            if (headers.get(i).key().equalsIgnoreCase(key)) {
                headers.set(i, new Header(key, value));
                return self();
            }
        }
        headers.add(new Header(key, value));
        return self();
    }

    /** Appends a header, even if one with that key exists. */
    protected final B add(String key, String value) {
        check(key, value);
        headers.add(new Header(key, value));
        return self();
    }

    /** Appends {@code Variable: name=value}; the name must be non-empty and hold no {@code '='}. */
    protected final B addVariable(String variable, String value) {
        Objects.requireNonNull(variable, "variable");
        Objects.requireNonNull(value, "value of variable " + variable);
        if (variable.isEmpty() || variable.indexOf('=') >= 0) {
            throw new IllegalArgumentException("variable name must be non-empty and contain no '=': " + variable);
        }
        return add("Variable", variable + "=" + value);
    }

    /**
     * Appends any header, documented or not ({@code UserEvent}'s own headers, parameters newer than the
     * catalog). Repeats are kept.
     */
    public final B header(String key, String value) {
        if (key != null && (key.equalsIgnoreCase("Action") || key.equalsIgnoreCase("ActionID"))) {
            throw new IllegalArgumentException(key + " is set by the action itself; use actionId(String) for ids");
        }
        return add(key, value);
    }

    /** Uses this ActionID instead of one the client assigns (1 to 64 bytes, see {@link Action#actionId}). */
    public final B actionId(String id) {
        Objects.requireNonNull(id, "id");
        this.actionId = id;
        return self();
    }

    /** The value set so far for {@code key} (ignoring case; the first if repeated), or {@code null}. */
    public final String get(String key) {
        for (Header h : headers) {
            if (h.key().equalsIgnoreCase(key)) {
                return h.value();
            }
        }
        return null;
    }

    /** Whether {@code key} has a non-blank value. */
    public final boolean isSet(String key) {
        String v = get(key);
        return v != null && !v.isBlank();
    }

    /** Rules beyond required parameters; throws {@link IllegalArgumentException}. Runs in {@link #build()}. */
    protected void validate() {
    }

    /** The action, after checking required parameters and the action's own rules. */
    public final Action build() {
        for (String r : required) {
            if (!isSet(r)) {
                throw new IllegalArgumentException(name + ": required parameter '" + r + "' is missing");
            }
        }
        validate();
        Action action = Action.named(name);
        if (actionId != null) {
            action = action.actionId(actionId);
        }
        for (Header h : headers) {
            action = action.header(h.key(), h.value());
        }
        return action;
    }

    private static void check(String key, String value) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, key);
        if (key.isEmpty()) {
            throw new IllegalArgumentException("header key must not be empty");
        }
        for (String s : new String[] {key, value}) {
            if (s.indexOf('\r') >= 0 || s.indexOf('\n') >= 0) {
                throw new IllegalArgumentException("header '" + key.replace("\r", "\\r").replace("\n", "\\n")
                        + "' contains CR or LF (header injection refused)");
            }
        }
    }

    @Override
    public String toString() {
        return "ActionBuilder{" + name + ", " + headers.size() + " headers}";
    }
}
