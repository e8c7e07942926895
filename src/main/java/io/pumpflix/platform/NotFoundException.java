package io.pumpflix.platform;

/** A referenced row does not exist ({@code P0002}). */
public final class NotFoundException extends RoutineException {

    NotFoundException(String sqlState, String message) {
        super(sqlState, message);
    }
}
