package io.pumpflix.execution;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;

/** The lifecycle of an execution: queued, running, then one of the terminal states. */
public enum ExecutionStatus {
    QUEUED, RUNNING, SUCCESS, ERROR, CANCELLED;

    @JsonValue
    public String dbValue() {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean terminal() {
        return this == SUCCESS || this == ERROR || this == CANCELLED;
    }

    /** A status named in a request; anything else is a 400 naming the field. */
    public static ExecutionStatus parse(String value, String field) {
        return Arrays.stream(values())
                .filter(status -> status.dbValue().equals(value))
                .findFirst()
                .orElseThrow(() -> io.pumpflix.platform.Check.invalid(field,
                        "must be one of queued, running, success, error, cancelled"));
    }

    public static ExecutionStatus fromDb(String value) {
        return Arrays.stream(values())
                .filter(status -> status.dbValue().equals(value))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown execution status: " + value));
    }
}
