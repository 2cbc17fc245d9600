package io.switchboard.ami;

/**
 * The server refused the login (wrong user or secret, ACL, "Login Already In Use"...). The message carries the
 * server's own text; the secret never appears in it.
 */
public class AuthenticationException extends AmiException {
    public AuthenticationException(String message) {
        super(message);
    }

    public AuthenticationException(String message, Throwable cause) {
        super(message, cause);
    }
}
