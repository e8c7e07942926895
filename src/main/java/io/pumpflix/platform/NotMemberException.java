package io.pumpflix.platform;

/**
 * The actor is not a member of the organization that owns the target ({@code 42501}). Clients
 * see it as "not found": another tenant's row is never revealed to exist.
 */
public final class NotMemberException extends RoutineException {

    NotMemberException(String sqlState, String message) {
        super(sqlState, message);
    }
}
