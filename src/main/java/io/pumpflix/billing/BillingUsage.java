package io.pumpflix.billing;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * The month so far against the plan: executions started this month (the usage counters' exact
 * count), what the plan includes and caps, and what the month would cost if it ended now.
 *
 * @param remaining executions left under the hard cap, null without one
 */
public record BillingUsage(Plan plan, LocalDate periodStart, LocalDate periodEnd, Instant resetsAt, long executions,
        long included, Long hardCap, Long remaining, long estimatedAmountCents, List<InvoiceLine> estimatedLines) {
}
