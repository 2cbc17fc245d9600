package io.switchboard.gateway.internal;

import io.switchboard.gateway.ApiToken;
import io.switchboard.gateway.Role;

import java.util.List;
import java.util.Optional;

/**
 * Checks bearer tokens against the configured hashes. A token is compared with every entry (constant time
 * per entry) so the answer's timing does not tell which entries exist.
 */
public final class Auth {
    private final List<ApiToken> tokens;

    /** Over the configured tokens. */
    public Auth(List<ApiToken> tokens) {
        this.tokens = List.copyOf(tokens);
    }

    /** The role of {@code token}, empty for an unknown or missing token. */
    public Optional<Role> roleOf(String token) {
        return find(token).map(ApiToken::role);
    }

    /** The configured entry of {@code token}, empty for an unknown or missing token. */
    Optional<ApiToken> find(String token) {
        if (token == null || token.isEmpty()) {
            return Optional.empty();
        }
        ApiToken found = null;
        for (ApiToken t : tokens) {
            if (t.matches(token) && found == null) {
                found = t;
            }
        }
        return Optional.ofNullable(found);
    }

    /** The token from an {@code Authorization: Bearer ...} header value, or null. */
    static String bearer(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        return authorization.substring(7).trim();
    }

    /**
     * Throws 401 for a missing or unknown token, 403 when its role is below {@code required}; returns the
     * token's entry.
     */
    ApiToken require(String token, Role required) {
        ApiToken entry = find(token).orElseThrow(() ->
                new ApiException(401, "unauthorized", "a valid bearer token is required", null));
        if (!entry.role().allows(required)) {
            throw new ApiException(403, "forbidden", "this needs the " + required.name().toLowerCase(java.util.Locale.ROOT)
                    + " role", null);
        }
        return entry;
    }
}
