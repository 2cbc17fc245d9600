package io.switchboard.ami.internal;

import io.switchboard.ami.AmiConfig;

import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import java.io.IOException;
import java.net.Socket;

/**
 * Layers TLS over a connected socket. AMI's TLS starts right after TCP connect (no STARTTLS); hostname
 * verification is on unless the configuration turns it off.
 */
final class TlsSockets {
    private TlsSockets() {
    }

    static SSLSocket wrap(Socket plain, AmiConfig config, int handshakeTimeoutMillis) throws IOException {
        SSLSocket tls = (SSLSocket) config.sslContext().getSocketFactory()
                .createSocket(plain, config.host(), config.port(), true);
        if (config.hostnameVerification()) {
            SSLParameters params = tls.getSSLParameters();
            params.setEndpointIdentificationAlgorithm("HTTPS");
            tls.setSSLParameters(params);
        }
        tls.setUseClientMode(true);
        tls.setSoTimeout(handshakeTimeoutMillis);
        try {
            tls.startHandshake();
        } catch (IOException e) {
            plain.close();
            throw new IOException("TLS handshake with " + config.host() + ":" + config.port() + " failed: "
                    + e.getMessage(), e);
        }
        tls.setSoTimeout(0);
        return tls;
    }
}
