package io.pumpflix.billing;

import java.util.Arrays;
import java.util.Locale;

/** Stripe's invoice statuses. */
public enum InvoiceStatus {
    DRAFT, OPEN, PAID, VOID, UNCOLLECTIBLE;

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
