package io.pumpflix.billing;

import io.pumpflix.identity.AccessPolicy;
import io.pumpflix.identity.Action;
import io.pumpflix.identity.Actor;
import io.pumpflix.platform.Check;
import io.pumpflix.platform.Conflict;
import io.pumpflix.platform.NotFound;
import io.pumpflix.platform.Page;
import java.time.LocalDate;
import java.util.Map;
import java.util.UUID;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;

/** The billing module's door: invoices, through {@code create_invoice}, and their lifecycle. */
@Service
public class Invoices {

    private final InvoiceStore store;
    private final SubscriptionStore subscriptions;
    private final ApplicationEventPublisher events;

    Invoices(InvoiceStore store, SubscriptionStore subscriptions, ApplicationEventPublisher events) {
        this.store = store;
        this.subscriptions = subscriptions;
        this.events = events;
    }

    /** Creates an invoice of the actor's organization (owners), a draft unless a status is given. */
    public Invoice create(Actor actor, Integer amountCents, InvoiceStatus status, LocalDate billingStart,
            LocalDate billingEnd) {
        AccessPolicy.require(actor, Action.MANAGE_INVOICES);
        UUID id = store.create(actor.organizationId(), Check.range(amountCents, "amountCents", 0, Integer.MAX_VALUE),
                status == null ? InvoiceStatus.DRAFT : status, Check.present(billingStart, "billingPeriodStart"),
                Check.present(billingEnd, "billingPeriodEnd"));
        return store.find(id).orElseThrow();
    }

    /**
     * Moves an invoice along Stripe's lifecycle (owners only); an illegal move is refused with
     * {@code ConflictException} and changes nothing. Recorded in the audit trail.
     */
    public Invoice changeStatus(Actor actor, UUID invoiceId, InvoiceStatus next) {
        AccessPolicy.require(actor, Action.MANAGE_INVOICES);
        InvoiceStatus current = store.lockStatus(invoiceId).orElseThrow(() -> NotFound.invoice(invoiceId));
        if (!current.canBecome(next)) {
            throw Conflict.state("invoice " + invoiceId + " cannot go from " + current.dbValue() + " to "
                    + next.dbValue());
        }
        store.changeStatus(invoiceId, next);
        events.publishEvent(actor.audited("invoice.status_changed", "invoice", invoiceId,
                Map.of("from", current.dbValue(), "to", next.dbValue())));
        return store.find(invoiceId).orElseThrow();
    }

    public Invoice find(Actor actor, UUID invoiceId) {
        AccessPolicy.require(actor, Action.READ_INVOICES);
        return store.find(invoiceId).orElseThrow(() -> NotFound.invoice(invoiceId));
    }

    /** An invoice with its lines (the billing run's; none for one typed in by hand). */
    public InvoiceDocument document(Actor actor, UUID invoiceId) {
        AccessPolicy.require(actor, Action.READ_INVOICES);
        Invoice invoice = store.find(invoiceId).orElseThrow(() -> NotFound.invoice(invoiceId));
        return new InvoiceDocument(invoice, subscriptions.lines(invoiceId));
    }

    /** The organization's invoices, newest first (owners and admins). */
    public Page<Invoice> list(Actor actor, int size, Page.Cursor after) {
        AccessPolicy.require(actor, Action.READ_INVOICES);
        return store.list(size, after);
    }
}
