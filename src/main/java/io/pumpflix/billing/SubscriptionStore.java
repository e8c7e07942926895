package io.pumpflix.billing;

import io.pumpflix.platform.Routines;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Component;

/** Subscriptions, the month's count and invoice lines, as the open tenant transaction sees them. */
@Component
class SubscriptionStore {

    private final Routines routines;

    SubscriptionStore(Routines routines) {
        this.routines = routines;
    }

    record Current(String planId, LocalDateTime since) {
    }

    Optional<Current> current() {
        return routines.optional("SELECT plan_id, starts_at FROM pumpflix.subscriptions WHERE ends_at IS NULL",
                (rs, n) -> new Current(rs.getString("plan_id"), rs.getObject("starts_at", LocalDateTime.class)));
    }

    Optional<Plan> plan(String id) {
        return routines.optional("SELECT * FROM pumpflix.plans WHERE id = ?", PlanStore.PLAN, id);
    }

    List<Plan> plans() {
        return routines.list(PlanStore.ALL, PlanStore.PLAN);
    }

    void changePlan(UUID organizationId, String planId) {
        routines.optional("SELECT pumpflix.change_plan(?, ?)", (rs, n) -> rs.getObject(1), organizationId, planId);
    }

    long monthExecutions(UUID organizationId, YearMonth month) {
        return routines.optional("SELECT pumpflix.month_executions(?, ?)", (rs, n) -> rs.getLong(1), organizationId,
                month.atDay(1)).orElse(0L);
    }

    /**
     * The month's count plus the organization's executions queued this month and not started yet
     * (runs waiting for the engine, executions logged as queued), which are not in the count until
     * they start but will be. One statement, one snapshot: a run that starts in between is counted
     * once, not zero times.
     */
    long monthExecutionsWithQueued(UUID organizationId, YearMonth month) {
        return routines.optional("""
                SELECT pumpflix.month_executions(?, ?) + (SELECT count(*) FROM public.workflow_executions
                    WHERE organization_id = ? AND status = 'queued' AND logged_at >= ?)""", (rs, n) -> rs.getLong(1),
                organizationId, month.atDay(1), organizationId, month.atDay(1).atStartOfDay()).orElse(0L);
    }

    /** The plan periods that overlap a month, in order. */
    List<Pricing.Period> periods(YearMonth month) {
        LocalDate start = month.atDay(1);
        return routines.list("""
                SELECT plan_id, starts_at, ends_at, executions_at_start FROM pumpflix.subscriptions
                WHERE starts_at < ?::date + interval '1 month' AND (ends_at IS NULL OR ends_at > ?::date)
                ORDER BY starts_at""", (rs, n) -> new Pricing.Period(rs.getString("plan_id"),
                rs.getObject("starts_at", LocalDateTime.class), rs.getObject("ends_at", LocalDateTime.class),
                rs.getLong("executions_at_start")), start, start);
    }

    List<InvoiceLine> lines(UUID invoiceId) {
        return routines.list("""
                SELECT description, quantity, unit_amount_cents, amount_cents FROM pumpflix.invoice_lines
                WHERE invoice_id = ? ORDER BY position""", (rs, n) -> new InvoiceLine(rs.getString("description"),
                rs.getBigDecimal("quantity"), rs.getBigDecimal("unit_amount_cents"),
                rs.getLong("amount_cents")), invoiceId);
    }

    static YearMonth thisMonth() {
        return YearMonth.now(ZoneOffset.UTC);
    }
}
