package io.pumpflix.billing;

import io.pumpflix.platform.Page;
import io.pumpflix.platform.Routines;
import io.pumpflix.platform.Rows;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Component;

/** Invoices in the database, through {@code create_invoice}, as the open tenant transaction sees them. */
@Component
class InvoiceStore {

    private static final String COLUMNS =
            "id, organization_id, amount_cents, status, billing_period_start, billing_period_end, created_at";
    private static final RowMapper<Invoice> INVOICE = (rs, n) -> new Invoice(Rows.uuid(rs, "id"),
            Rows.uuid(rs, "organization_id"), rs.getInt("amount_cents"), InvoiceStatus.fromDb(rs.getString("status")),
            rs.getObject("billing_period_start", LocalDate.class), rs.getObject("billing_period_end", LocalDate.class),
            Rows.instant(rs, "created_at"));

    private final Routines routines;

    InvoiceStore(Routines routines) {
        this.routines = routines;
    }

    UUID create(UUID organizationId, int amountCents, InvoiceStatus status, LocalDate start, LocalDate end) {
        return routines.callForId("CALL public.create_invoice(?, ?, ?, ?, ?, NULL)",
                organizationId, amountCents, status.dbValue(), start, end);
    }

    Optional<InvoiceStatus> lockStatus(UUID id) {
        return routines.optional("SELECT status FROM public.invoices WHERE id = ? FOR UPDATE",
                (rs, n) -> InvoiceStatus.fromDb(rs.getString("status")), id);
    }

    void changeStatus(UUID id, InvoiceStatus status) {
        routines.call("UPDATE public.invoices SET status = ? WHERE id = ?", status.dbValue(), id);
    }

    Optional<Invoice> find(UUID id) {
        return routines.optional("SELECT " + COLUMNS + " FROM public.invoices WHERE id = ?", INVOICE, id);
    }

    /** The organization's invoices, newest first. */
    Page<Invoice> list(int size, Page.Cursor after) {
        LocalDateTime afterTime = after == null ? null : LocalDateTime.ofInstant(after.time(), ZoneOffset.UTC);
        return Page.of(routines.list("SELECT " + COLUMNS + """
                 FROM public.invoices
                WHERE ?::timestamp IS NULL OR (created_at, id) < (?::timestamp, ?)
                ORDER BY created_at DESC, id DESC LIMIT ?""", INVOICE, afterTime, afterTime,
                after == null ? null : after.id(), size + 1), size, i -> Page.Cursor.of(i.createdAt(), i.id()));
    }
}
