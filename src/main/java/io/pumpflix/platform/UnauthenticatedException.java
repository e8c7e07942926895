package io.pumpflix.platform;

/** No valid credentials: a missing, unknown, expired or revoked token, or a failed sign-in. */
public class UnauthenticatedException extends RuntimeException {

    public UnauthenticatedException(String message) {
        super(message);
    }
}
