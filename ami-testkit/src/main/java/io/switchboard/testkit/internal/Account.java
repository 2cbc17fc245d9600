package io.switchboard.testkit.internal;

import java.util.Objects;

/**
 * A manager.conf user: name, secret and the read/write class lists exactly as written in manager.conf (parsed
 * with Asterisk's rules, {@link Perms#parseList}). The secret never appears in {@link #toString()}.
 *
 * @param username the user name (looked up case-insensitively)
 * @param secret   the plain secret (compared exactly)
 * @param read     read class list, e.g. {@code "call,system"}
 * @param write    write class list
 */
public record Account(String username, String secret, String read, String write) {
    public Account {
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(secret, "secret");
        Objects.requireNonNull(read, "read");
        Objects.requireNonNull(write, "write");
        if (username.isEmpty()) {
            throw new IllegalArgumentException("username must not be empty");
        }
    }

    /** The read permission bits. */
    public int readMask() {
        return Perms.parseList(read);
    }

    /** The write permission bits. */
    public int writeMask() {
        return Perms.parseList(write);
    }

    @Override
    public String toString() {
        return "Account[username=" + username + ", secret=********, read=" + read + ", write=" + write + "]";
    }
}
