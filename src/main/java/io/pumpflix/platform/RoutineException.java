package io.pumpflix.platform;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A documented routine refused a call. The subclass says why, following the SQLSTATEs of
 * {@code shared/spec/behaviour.md}; the HTTP layer maps each subclass to one status.
 */
public abstract sealed class RoutineException extends RuntimeException
        permits NotFoundException, InvalidInputException, NotMemberException, ConflictException {

    private static final Pattern PARAMETER = Pattern.compile("^(p_[a-z_]+):");

    private final String sqlState;

    RoutineException(String sqlState, String message) {
        super(message);
        this.sqlState = sqlState;
    }

    /** The SQLSTATE PostgreSQL raised. */
    public String sqlState() {
        return sqlState;
    }

    /** The routine parameter the message names ({@code p_name: must not be blank}), if any. */
    public Optional<String> parameter() {
        Matcher matcher = PARAMETER.matcher(getMessage() == null ? "" : getMessage());
        return matcher.find() ? Optional.of(matcher.group(1)) : Optional.empty();
    }
}
