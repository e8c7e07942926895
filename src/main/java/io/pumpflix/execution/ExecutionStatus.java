package io.pumpflix.execution;

import java.util.Arrays;
import java.util.Locale;

/** The lifecycle of an execution: queued, running, then one of the terminal states. */
public enum ExecutionStatus {
    QUEUED, RUNNING, SUCCESS, ERROR, CANCELLED;

    public String dbValue() {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean terminal() {
        return this == SUCCESS || this == ERROR || this == CANCELLED;
    }

    public static ExecutionStatus fromDb(String value) {
        return Arrays.stream(values())
                .filter(status -> status.dbValue().equals(value))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown execution status: " + value));
    }
}
