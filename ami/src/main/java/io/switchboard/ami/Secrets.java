package io.switchboard.ami;

/** Which header values are secrets, so that no {@code toString()}, log line or exception shows them. */
final class Secrets {
    static final String MASK = "********";

    private Secrets() {
    }

    static boolean isSecretKey(String key) {
        return key.equalsIgnoreCase("Secret") || key.equalsIgnoreCase("Key");
    }
}
