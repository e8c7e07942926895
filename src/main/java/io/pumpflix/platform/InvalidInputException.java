package io.pumpflix.platform;

/** A value is invalid ({@code 22023}, or a malformed value or broken check rejected by PostgreSQL). */
public final class InvalidInputException extends RoutineException {

    public InvalidInputException(String sqlState, String message) {
        super(sqlState, message);
    }
}
