package io.switchboard.gateway.internal;

import io.switchboard.gateway.ApiToken;
import io.switchboard.gateway.Role;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Checks bearer tokens against the configured hashes. A token is compared with every entry (constant time
 * per entry) so the answer's timing does not tell which entries exist. Wrong tokens are counted per remote
 * address ({@link AuthFailures}); an address over its limit is refused before its token is looked at, so a
 * guesser cannot tell a right guess from a wrong one while refused.
 */
public final class Auth {
    private final List<ApiToken> tokens;
    private final AuthFailures failures;
    private final TokenExpiries expiries;

    /** Over the configured tokens, counting wrong ones in {@code failures}, refusing expired ones. */
    Auth(List<ApiToken> tokens, AuthFailures failures, TokenExpiries expiries) {
        this.tokens = List.copyOf(tokens);
        this.failures = failures;
        this.expiries = expiries;
    }

    /**
     * Whether {@code token} is a configured token, for answers that only show more to a caller with one
     * ({@code /health}) and not expired: a wrong token counts against {@code address}, and an address over its
     * limit is never told (false).
     */
    boolean valid(String token, String address) {
        if (token == null || token.isEmpty() || failures.retryAfter(address) > 0) {
            return false;
        }
        Optional<ApiToken> entry = find(token);
        if (entry.isEmpty()) {
            failures.failed(address);
            return false;
        }
        return !expiries.expired(entry.get());
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
     * Throws 429 when {@code address} presented too many wrong tokens lately, 401 for a missing or unknown token
     * (an unknown one counts against the address), 401 {@code token_expired} for a token past its expiry (not
     * counted: it is no guess), 403 when its role is below {@code required}; returns the token's entry.
     */
    ApiToken require(String token, Role required, String address) {
        long wait = failures.retryAfter(address);
        if (wait > 0) {
            throw ApiException.retryLater(429, "too_many_auth_failures", "too many wrong tokens from this address;"
                    + " retry in " + wait + " s", wait);
        }
        Optional<ApiToken> found = find(token);
        if (found.isEmpty()) {
            if (token != null && !token.isEmpty()) {
                failures.failed(address);
            }
            throw new ApiException(401, "unauthorized", "a valid bearer token is required", null);
        }
        ApiToken entry = found.get();
        if (expiries.expired(entry)) {
            throw new ApiException(401, "token_expired", "this token expired at " + entry.expires(), null);
        }
        if (!entry.role().allows(required)) {
            throw new ApiException(403, "forbidden", "this needs the " + required.name().toLowerCase(Locale.ROOT)
                    + " role", null);
        }
        return entry;
    }
}
