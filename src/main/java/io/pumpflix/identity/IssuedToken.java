package io.pumpflix.identity;

import java.time.Instant;

/** A bearer token as handed to its owner once; only its hash is stored. */
public record IssuedToken(String token, Instant expiresAt) {

    @Override
    public String toString() {
        return "IssuedToken[expiresAt=" + expiresAt + "]";
    }
}
