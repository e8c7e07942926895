package io.pumpflix.credential;

import java.util.UUID;

/** A stored credential cannot be decrypted. The message says why, never what the value is. */
public final class CredentialUnreadableException extends RuntimeException {

    CredentialUnreadableException(UUID credentialId, String why) {
        super("credential " + credentialId + " cannot be decrypted: " + why);
    }
}
