package io.switchboard.gateway;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * An API token as the configuration stores it: never the token itself, only the lowercase hex SHA-256 of its
 * UTF-8 bytes, with a role and a name for logs. Create a hash with {@link #sha256Hex(String)} (or
 * {@code printf %s "$TOKEN" | sha256sum}).
 *
 * @param name   a label for logs and errors (never the token)
 * @param sha256 lowercase hex SHA-256 of the token
 * @param role   what the token may do
 * @param originateRate this token's limit for {@code POST /calls}, or null for the gateway's default
 * @param expires from when the token is refused (401 {@code token_expired}), or null for never
 */
public record ApiToken(String name, String sha256, Role role, RateLimit originateRate, Instant expires) {
    private static final Pattern HEX64 = Pattern.compile("[0-9a-f]{64}");

    /** Validates the hash (64 hex digits, normalised to lowercase). */
    public ApiToken {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(role, "role");
        sha256 = Objects.requireNonNull(sha256, "sha256").toLowerCase(Locale.ROOT);
        if (!HEX64.matcher(sha256).matches()) {
            throw new IllegalArgumentException("token '" + name + "': sha256 must be 64 hex digits");
        }
    }

    /** A token that does not expire. */
    public ApiToken(String name, String sha256, Role role, RateLimit originateRate) {
        this(name, sha256, role, originateRate, null);
    }

    /** A token with the gateway's default origination limit that does not expire. */
    public ApiToken(String name, String sha256, Role role) {
        this(name, sha256, role, null, null);
    }

    /** Whether the token is expired at {@code now} (its expiry instant included). */
    public boolean expiredAt(Instant now) {
        return expires != null && !now.isBefore(expires);
    }

    /** Hashes a token the way the configuration stores it. */
    public static String sha256Hex(String token) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 missing from the JDK", e);
        }
    }

    /**
     * Name, role, limit and expiry; never the hash (an unsalted hash of a weak token can be reversed by guessing).
     */
    @Override
    public String toString() {
        return "ApiToken[name=" + name + ", role=" + role + ", originateRate=" + originateRate + ", expires="
                + expires + "]";
    }

    /** Whether {@code token} hashes to this entry (constant-time comparison of the hashes). */
    public boolean matches(String token) {
        return MessageDigest.isEqual(sha256Hex(token).getBytes(StandardCharsets.US_ASCII),
                sha256.getBytes(StandardCharsets.US_ASCII));
    }
}
