package io.pumpflix.platform;

/** A uniqueness or foreign-key rule ({@code 23505}, {@code 23503}) or an immutable row ({@code 55000}). */
public final class ConflictException extends RoutineException {

    ConflictException(String sqlState, String message) {
        super(sqlState, message);
    }
}
