package io.pumpflix.billing;

import io.pumpflix.audit.AuditTrail;
import io.pumpflix.identity.AccessPolicy;
import io.pumpflix.identity.Action;
import io.pumpflix.identity.Actor;
import io.pumpflix.platform.ConflictException;
import io.pumpflix.platform.NotFoundException;
import io.pumpflix.platform.Page;
import io.pumpflix.platform.Routines;
import io.pumpflix.platform.TenantScope;
import io.pumpflix.platform.Rows;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Component;

/** Invoices, through {@code create_invoice}. */
@Component
public class Invoices {

    private final Routines routines;
    private final TenantScope tenants;
    private final AuditTrail audit;

    @Autowired
    Invoices(Routines routines, TenantScope tenants, AuditTrail audit) {
        this.routines = routines;
        this.tenants = tenants;
        this.audit = audit;
    }

    /** The plain data layer, for a caller that already holds the right connection (the owner's, in tests). */
    public Invoices(Routines routines) {
        this(routines, null, null);
    }

    /**
     * Moves an invoice along Stripe's lifecycle (owners only); an illegal move is refused with
     * {@code ConflictException} and changes nothing. Recorded in the audit trail.
     */
    public void changeStatus(Actor actor, UUID invoiceId, InvoiceStatus next) {
        AccessPolicy.require(actor, Action.MANAGE_INVOICES);
        tenants.run(actor.organizationId(), actor.userId(), () -> {
            InvoiceStatus current = routines.optional("SELECT status FROM public.invoices WHERE id = ? FOR UPDATE",
                            (rs, n) -> InvoiceStatus.fromDb(rs.getString("status")), invoiceId)
                    .orElseThrow(() -> new NotFoundException("P0002", "invoice " + invoiceId + " does not exist"));
            if (!current.canBecome(next)) {
                throw new ConflictException("55000", "invoice " + invoiceId + " cannot go from " + current.dbValue()
                        + " to " + next.dbValue());
            }
            routines.call("UPDATE public.invoices SET status = ? WHERE id = ?", next.dbValue(), invoiceId);
            audit.record(actor.organizationId(), actor.userId(), "invoice.status_changed", "invoice", invoiceId,
                    Map.of("from", current.dbValue(), "to", next.dbValue()));
        });
    }

    public UUID create(UUID organizationId, int amountCents, InvoiceStatus status, LocalDate billingStart,
            LocalDate billingEnd) {
        return routines.callForId("CALL public.create_invoice(?, ?, ?, ?, ?, NULL)",
                organizationId, amountCents, status.dbValue(), billingStart, billingEnd);
    }

    private static final String COLUMNS =
            "id, organization_id, amount_cents, status, billing_period_start, billing_period_end, created_at";
    private static final RowMapper<Invoice> INVOICE = (rs, n) -> new Invoice(Rows.uuid(rs, "id"),
            Rows.uuid(rs, "organization_id"), rs.getInt("amount_cents"), InvoiceStatus.fromDb(rs.getString("status")),
            rs.getObject("billing_period_start", LocalDate.class), rs.getObject("billing_period_end", LocalDate.class),
            Rows.instant(rs, "created_at"));

    public Optional<Invoice> find(UUID id) {
        return routines.optional("SELECT " + COLUMNS + " FROM public.invoices WHERE id = ?", INVOICE, id);
    }

    /** The organization's invoices, newest first. */
    public Page<Invoice> list(int size, Page.Cursor after) {
        LocalDateTime afterTime = after == null ? null : LocalDateTime.ofInstant(after.time(), ZoneOffset.UTC);
        return Page.of(routines.list("SELECT " + COLUMNS + """
                 FROM public.invoices
                WHERE ?::timestamp IS NULL OR (created_at, id) < (?::timestamp, ?)
                ORDER BY created_at DESC, id DESC LIMIT ?""", INVOICE, afterTime, afterTime,
                after == null ? null : after.id(), size + 1), size, i -> Page.Cursor.of(i.createdAt(), i.id()));
    }
}
