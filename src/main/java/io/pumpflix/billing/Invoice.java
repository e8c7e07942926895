package io.pumpflix.billing;

import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

public record Invoice(UUID id, UUID organizationId, int amountCents, InvoiceStatus status, LocalDate billingPeriodStart,
        LocalDate billingPeriodEnd, Instant createdAt) {
}
