package io.pumpflix.platform;

/**
 * The actor belongs to the organization but their role does not allow the action (the role
 * matrix of behaviour.md). Never used for another tenant's objects: those are "not found".
 */
public final class NotAllowedException extends RuntimeException {

    public NotAllowedException(String message) {
        super(message);
    }
}
