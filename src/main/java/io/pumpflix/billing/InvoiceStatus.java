package io.pumpflix.billing;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;

/** Stripe's invoice statuses. */
public enum InvoiceStatus {
    DRAFT, OPEN, PAID, VOID, UNCOLLECTIBLE;

    /**
     * Stripe's lifecycle: draft → open → paid | void | uncollectible; uncollectible → paid | void;
     * paid and void are final.
     */
    public boolean canBecome(InvoiceStatus next) {
        return switch (this) {
            case DRAFT -> next == OPEN;
            case OPEN -> next == PAID || next == VOID || next == UNCOLLECTIBLE;
            case UNCOLLECTIBLE -> next == PAID || next == VOID;
            case PAID, VOID -> false;
        };
    }

    @JsonValue
    public String dbValue() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** A status named in a request; anything else is a 400 naming the field. */
    public static InvoiceStatus parse(String value, String field) {
        return Arrays.stream(values())
                .filter(status -> status.dbValue().equals(value))
                .findFirst()
                .orElseThrow(() -> io.pumpflix.platform.Check.invalid(field,
                        "must be one of draft, open, paid, void, uncollectible"));
    }

    public static InvoiceStatus fromDb(String value) {
        return Arrays.stream(values())
                .filter(status -> status.dbValue().equals(value))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown invoice status: " + value));
    }
}
