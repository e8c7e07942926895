package io.pumpflix.identity;

import java.util.Arrays;
import java.util.Locale;

/** The roles of {@code users.role}; any other value is rejected by the database. */
public enum Role {
    OWNER, ADMIN, USER, VIEWER;

    /** The value stored in {@code users.role}. */
    public String dbValue() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Role fromDb(String value) {
        return Arrays.stream(values())
                .filter(role -> role.dbValue().equals(value))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown role: " + value));
    }
}
