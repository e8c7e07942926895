package io.pumpflix.billing;

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

    public String dbValue() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static InvoiceStatus fromDb(String value) {
        return Arrays.stream(values())
                .filter(status -> status.dbValue().equals(value))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown invoice status: " + value));
    }
}
