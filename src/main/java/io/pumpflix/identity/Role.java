package io.pumpflix.identity;

import io.pumpflix.platform.Check;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;

/** The roles of {@code users.role}; any other value is rejected by the database. */
public enum Role {
    OWNER, ADMIN, USER, VIEWER;

    /** The value stored in {@code users.role}. */
    @JsonValue
    public String dbValue() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** A role named in a request; anything else is a 400 naming the field. */
    public static Role parse(String value, String field) {
        return Arrays.stream(values())
                .filter(role -> role.dbValue().equals(value))
                .findFirst()
                .orElseThrow(() -> Check.invalid(field, "must be one of owner, admin, user, viewer"));
    }

    public static Role fromDb(String value) {
        return Arrays.stream(values())
                .filter(role -> role.dbValue().equals(value))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown role: " + value));
    }
}
