package io.switchboard.ami;

/** How the client proves its identity at login. */
public enum AuthType {
    /** {@code Login} with {@code Secret} in clear text (use TLS if the network is not trusted). */
    PLAIN,
    /** {@code Challenge} then {@code Login} with {@code Key = md5hex(challenge + secret)}; the secret never travels. */
    MD5
}
