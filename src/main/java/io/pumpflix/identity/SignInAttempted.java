package io.pumpflix.identity;

import java.util.UUID;

/**
 * Someone tried to sign in (behaviour.md: login success and failure are audited). Published before
 * any organization is known; {@code userId} is null for an unknown email.
 */
public record SignInAttempted(String email, UUID userId, boolean succeeded) {

    @Override
    public String toString() {
        return "SignInAttempted[userId=" + userId + ", succeeded=" + succeeded + "]";
    }
}
