package io.pumpflix.billing;

import io.pumpflix.platform.Routines;
import io.pumpflix.platform.Rows;
import java.time.LocalDate;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Component;

/** Invoices, through {@code create_invoice}. */
@Component
public class Invoices {

    private final Routines routines;

    public Invoices(Routines routines) {
        this.routines = routines;
    }

    public UUID create(UUID organizationId, int amountCents, InvoiceStatus status, LocalDate billingStart,
            LocalDate billingEnd) {
        return routines.callForId("CALL public.create_invoice(?, ?, ?, ?, ?, NULL)",
                organizationId, amountCents, status.dbValue(), billingStart, billingEnd);
    }

    public Optional<Invoice> find(UUID id) {
        return routines.optional("""
                SELECT id, organization_id, amount_cents, status, billing_period_start, billing_period_end, created_at
                FROM public.invoices WHERE id = ?""",
                (rs, n) -> new Invoice(Rows.uuid(rs, "id"), Rows.uuid(rs, "organization_id"), rs.getInt("amount_cents"),
                        InvoiceStatus.fromDb(rs.getString("status")),
                        rs.getObject("billing_period_start", LocalDate.class),
                        rs.getObject("billing_period_end", LocalDate.class), Rows.instant(rs, "created_at")),
                id);
    }
}
