package io.switchboard.gateway;

import io.switchboard.ami.AmiConfig;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One Asterisk server the gateway connects to. The AMI secret is never part of the configuration: it is read,
 * when the gateway connects, from an environment variable ({@code secretEnv}) or a file ({@code secretFile},
 * trailing line break removed), exactly one of the two.
 *
 * <p>With {@code tls} the AMI connection uses TLS (Asterisk's {@code tlsbindport}, 5039 by default), checking the
 * server certificate against the JDK's trusted authorities or, when given, a trust store file (PKCS12 or JKS)
 * whose password comes from the environment variable {@code trustStorePasswordEnv}.
 *
 * @param name       the name the API uses for this server (letters, digits, {@code _ . -})
 * @param host       AMI host
 * @param port       AMI port
 * @param username   AMI user
 * @param secretEnv  name of the environment variable holding the secret, or null
 * @param secretFile path of a file holding the secret, or null
 * @param tls        whether to connect with TLS
 * @param trustStore trust store for the server certificate, or null for the JDK's default authorities
 * @param trustStorePasswordEnv environment variable holding the trust store's password, or null for none
 * @param hostnameVerification whether TLS checks the certificate against the host name (default true)
 * @param connectTimeout how long one connect attempt may take until the AMI banner (TCP connect, TLS handshake,
 *                       banner), or null for the AMI client's default ({@link AmiConfig#DEFAULT_CONNECT_TIMEOUT});
 *                       between {@link #MIN_CONNECT_TIMEOUT} and {@link #MAX_CONNECT_TIMEOUT}
 */
public record ServerConfig(String name, String host, int port, String username, String secretEnv, Path secretFile,
                           boolean tls, Path trustStore, String trustStorePasswordEnv,
                           boolean hostnameVerification, Duration connectTimeout) {
    /** Shortest connect timeout accepted. */
    public static final Duration MIN_CONNECT_TIMEOUT = Duration.ofMillis(100);
    /** Longest connect timeout accepted: a server silent for longer is better retried. */
    public static final Duration MAX_CONNECT_TIMEOUT = Duration.ofMinutes(10);
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
        if (!tls && (trustStore != null || trustStorePasswordEnv != null)) {
            throw new IllegalArgumentException("server '" + name + "': trustStore needs tls: true");
        }
        if (connectTimeout != null && (connectTimeout.compareTo(MIN_CONNECT_TIMEOUT) < 0
                || connectTimeout.compareTo(MAX_CONNECT_TIMEOUT) > 0)) {
            throw new IllegalArgumentException("server '" + name + "': connectTimeout must be between "
                    + MIN_CONNECT_TIMEOUT.toMillis() + " ms and " + MAX_CONNECT_TIMEOUT.toMinutes() + " min");
        }
    }

    /** With the AMI client's default connect timeout. */
    public ServerConfig(String name, String host, int port, String username, String secretEnv, Path secretFile,
                        boolean tls, Path trustStore, String trustStorePasswordEnv, boolean hostnameVerification) {
        this(name, host, port, username, secretEnv, secretFile, tls, trustStore, trustStorePasswordEnv,
                hostnameVerification, null);
    }

    /** A plain TCP server. */
    public ServerConfig(String name, String host, int port, String username, String secretEnv, Path secretFile) {
        this(name, host, port, username, secretEnv, secretFile, false, null, null, true, null);
    }

    /** This server with another connect timeout (null: the AMI client's default). */
    public ServerConfig withConnectTimeout(Duration timeout) {
        return new ServerConfig(name, host, port, username, secretEnv, secretFile, tls, trustStore,
                trustStorePasswordEnv, hostnameVerification, timeout);
    }

    /**
     * The TLS context for this server (null without {@code tls}): the JDK default, or one trusting the
     * configured trust store.
     */
    public SSLContext sslContext() {
        if (!tls) {
            return null;
        }
        try {
            if (trustStore == null) {
                return SSLContext.getDefault();
            }
            char[] password = null;
            if (trustStorePasswordEnv != null) {
                String value = System.getenv(trustStorePasswordEnv);
                if (value == null) {
                    throw new IllegalStateException("server '" + name + "': environment variable "
                            + trustStorePasswordEnv + " is not set");
                }
                password = value.toCharArray();
            }
            KeyStore store = KeyStore.getInstance(trustStore.toFile(), password);
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(store);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, tmf.getTrustManagers(), null);
            return context;
        } catch (IOException e) {
            throw new UncheckedIOException("server '" + name + "': cannot read trust store " + trustStore, e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("server '" + name + "': unusable trust store " + trustStore + ": "
                    + e.getMessage(), e);
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
