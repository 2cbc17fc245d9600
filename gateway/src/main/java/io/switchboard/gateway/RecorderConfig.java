package io.switchboard.gateway;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/**
 * The billing recorder the gateway runs ({@code recorder:} in {@code switchboard.yml}): where its database is and
 * where it spools. Like the AMI secrets, the database password is never part of the configuration: it is read at
 * start from an environment variable ({@code passwordEnv}) or a file ({@code passwordFile}), and a URL carrying a
 * {@code password=} parameter is refused.
 *
 * @param url          JDBC URL, {@code jdbc:sqlite:FILE} or {@code jdbc:postgresql://HOST:PORT/DB} (required)
 * @param spoolDir     the recorder's write-ahead spool; null = {@code FILE.spool} next to a SQLite database
 *                     (required for other databases)
 * @param user         database user, or null (SQLite needs none)
 * @param passwordEnv  environment variable holding the database password, or null
 * @param passwordFile file holding the database password, or null
 */
public record RecorderConfig(String url, Path spoolDir, String user, String passwordEnv, Path passwordFile) {

    /** Validates; every message starts with the {@code recorder.} key at fault. */
    public RecorderConfig {
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException("recorder.url: a JDBC URL is required");
        }
        if (!url.startsWith("jdbc:sqlite:") && !url.startsWith("jdbc:postgresql:")) {
            throw new IllegalArgumentException("recorder.url must be a JDBC URL (jdbc:sqlite:FILE or"
                    + " jdbc:postgresql://HOST:PORT/DB)");
        }
        if (url.toLowerCase(Locale.ROOT).contains("password=")) {
            throw new IllegalArgumentException("recorder.url: must not carry a password; use recorder.passwordEnv"
                    + " or recorder.passwordFile");
        }
        if (passwordEnv != null && passwordFile != null) {
            throw new IllegalArgumentException("recorder: give at most one of passwordEnv, passwordFile");
        }
        if (spoolDir == null && sqliteFile(url).isEmpty()) {
            throw new IllegalArgumentException("recorder.spoolDir: required unless recorder.url is a SQLite file");
        }
    }

    /** A recorder on {@code url} spooling to {@code spoolDir} (null: the SQLite default), without credentials. */
    public static RecorderConfig of(String url, Path spoolDir) {
        return new RecorderConfig(url, spoolDir, null, null, null);
    }

    /** The spool directory: the configured one, or {@code FILE.spool} beside a SQLite database file. */
    public Path effectiveSpoolDir() {
        return spoolDir != null ? spoolDir : Path.of(sqliteFile(url).orElseThrow() + ".spool");
    }

    /** The password read now from its environment variable or file, or null when none is configured. */
    public String resolvePassword() {
        if (passwordEnv != null) {
            String value = System.getenv(passwordEnv);
            if (value == null) {
                throw new IllegalStateException("recorder: environment variable " + passwordEnv + " is not set");
            }
            return value;
        }
        if (passwordFile != null) {
            try {
                return Files.readString(passwordFile, StandardCharsets.UTF_8).strip();
            } catch (IOException e) {
                throw new UncheckedIOException("recorder: cannot read password file " + passwordFile, e);
            }
        }
        return null;
    }

    /** The URL as it may be logged: without its query string. */
    public String redactedUrl() {
        int q = url.indexOf('?');
        return q < 0 ? url : url.substring(0, q) + "?...";
    }

    /** The database file of a {@code jdbc:sqlite:} URL, empty for in-memory or non-SQLite URLs. */
    private static Optional<String> sqliteFile(String url) {
        if (!url.startsWith("jdbc:sqlite:")) {
            return Optional.empty();
        }
        String f = url.substring("jdbc:sqlite:".length());
        int q = f.indexOf('?');
        if (q >= 0) {
            f = f.substring(0, q);
        }
        if (f.startsWith("file:")) {
            f = f.substring("file:".length());
        }
        return f.isEmpty() || f.startsWith(":memory:") ? Optional.empty() : Optional.of(f);
    }

    @Override
    public String toString() {
        return "RecorderConfig{url=" + redactedUrl() + ", spoolDir=" + spoolDir + ", user=" + user + "}";
    }
}
