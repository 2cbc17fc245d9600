package io.switchboard.gateway;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One Asterisk server the gateway connects to. The AMI secret is never part of the configuration: it is read,
 * when the gateway connects, from an environment variable ({@code secretEnv}) or a file ({@code secretFile},
 * trailing line break removed), exactly one of the two.
 *
 * @param name       the name the API uses for this server (letters, digits, {@code _ . -})
 * @param host       AMI host
 * @param port       AMI port
 * @param username   AMI user
 * @param secretEnv  name of the environment variable holding the secret, or null
 * @param secretFile path of a file holding the secret, or null
 */
public record ServerConfig(String name, String host, int port, String username, String secretEnv, Path secretFile) {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]{1,64}");

    /** Validates every field. */
    public ServerConfig {
        Objects.requireNonNull(name, "name");
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("server name '" + name + "': use 1-64 letters, digits, _ . -");
        }
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("server '" + name + "': host is required");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("server '" + name + "': port must be 1-65535");
        }
        if (username == null || username.isBlank()) {
            throw new IllegalArgumentException("server '" + name + "': username is required");
        }
        if ((secretEnv == null) == (secretFile == null)) {
            throw new IllegalArgumentException("server '" + name + "': give exactly one of secretEnv, secretFile");
        }
    }

    /** Reads the secret now from its environment variable or file. */
    public String resolveSecret() {
        if (secretEnv != null) {
            String value = System.getenv(secretEnv);
            if (value == null) {
                throw new IllegalStateException("server '" + name + "': environment variable " + secretEnv
                        + " is not set");
            }
            return value;
        }
        try {
            return Files.readString(secretFile, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new UncheckedIOException("server '" + name + "': cannot read secret file " + secretFile, e);
        }
    }
}
