package io.pumpflix.platform;

import java.util.List;

/**
 * A value is invalid ({@code 22023}, or a malformed value or broken check rejected by PostgreSQL).
 * A refusal with several reasons (a workflow definition the engine cannot run) lists them all in
 * {@link #errors()}, each naming its node and parameter.
 */
public final class InvalidInputException extends RoutineException {

    private final List<InputError> errors;

    InvalidInputException(String sqlState, String message) {
        this(sqlState, message, List.of());
    }

    InvalidInputException(String sqlState, String message, List<InputError> errors) {
        super(sqlState, message);
        this.errors = List.copyOf(errors);
    }

    public List<InputError> errors() {
        return errors;
    }
}
