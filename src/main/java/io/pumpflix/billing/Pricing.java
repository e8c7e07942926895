package io.pumpflix.billing;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.text.NumberFormat;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The arithmetic of a month's bill (docs/billing.md), with no database: the plan periods of one
 * organization that overlap the month, the month's executions, and the plans give the lines.
 *
 * <ul>
 * <li>Each period's base fee is prorated by the second: base x seconds of the period in the month /
 *     seconds of the month, rounded once.</li>
 * <li>Executions are numbered in the month in the order they were logged; those logged during a
 *     period are priced by that period's plan: the included ones at 0, then each by the graduated
 *     tier its number falls in. One line per tier touched, its amount rounded once.</li>
 * </ul>
 */
final class Pricing {

    /** One plan period: from {@code startsAt} to {@code endsAt} (null: still current), the month's count at its start. */
    record Period(String planId, LocalDateTime startsAt, LocalDateTime endsAt, long executionsAtStart) {
    }

    private static final BigDecimal ZERO = BigDecimal.ZERO;

    private Pricing() {
    }

    /** The lines of a month for one organization; {@code periods} in order of start. */
    static List<InvoiceLine> month(YearMonth month, List<Period> periods, long monthExecutions, Map<String, Plan> plans) {
        LocalDateTime monthStart = month.atDay(1).atStartOfDay();
        LocalDateTime monthEnd = month.plusMonths(1).atDay(1).atStartOfDay();
        long monthSeconds = Duration.between(monthStart, monthEnd).toSeconds();
        List<InvoiceLine> lines = new ArrayList<>();
        for (int i = 0; i < periods.size(); i++) {
            Period period = periods.get(i);
            Plan plan = plans.get(period.planId());
            if (plan == null) {
                throw new IllegalStateException("plan " + period.planId() + " does not exist");
            }
            LocalDateTime from = period.startsAt().isBefore(monthStart) ? monthStart : period.startsAt();
            boolean endsInMonth = period.endsAt() != null && period.endsAt().isBefore(monthEnd);
            LocalDateTime to = endsInMonth ? period.endsAt() : monthEnd;
            if (!to.isAfter(from)) {
                continue;
            }
            long first = period.startsAt().isBefore(monthStart) ? 0 : period.executionsAtStart();
            long last = endsInMonth && i + 1 < periods.size() ? periods.get(i + 1).executionsAtStart() : monthExecutions;
            first = Math.min(Math.max(0, first), monthExecutions);
            last = Math.min(Math.max(first, last), monthExecutions);
            String span = day(from.toLocalDate()) + " to " + day(to.minusSeconds(1).toLocalDate());
            if (plan.baseFeeCents() > 0) {
                long seconds = Duration.between(from, to).toSeconds();
                BigDecimal share = BigDecimal.valueOf(seconds).divide(BigDecimal.valueOf(monthSeconds), 6, RoundingMode.HALF_UP);
                long amount = round(BigDecimal.valueOf(plan.baseFeeCents()).multiply(BigDecimal.valueOf(seconds))
                        .divide(BigDecimal.valueOf(monthSeconds), 10, RoundingMode.HALF_UP));
                lines.add(new InvoiceLine(plan.name() + " plan, base fee, " + span
                        + (seconds == monthSeconds ? "" : " (" + seconds + " of " + monthSeconds + " seconds)"),
                        share, BigDecimal.valueOf(plan.baseFeeCents()), amount));
            }
            lines.addAll(executions(plan, first, last, span));
        }
        return lines;
    }

    /** The lines for executions numbered {@code first} to {@code last} (exclusive, zero-based) under a plan. */
    static List<InvoiceLine> executions(Plan plan, long first, long last, String span) {
        List<InvoiceLine> lines = new ArrayList<>();
        if (last <= first) {
            return lines;
        }
        long included = Math.min(last, plan.includedExecutions()) - Math.min(first, plan.includedExecutions());
        if (included > 0) {
            lines.add(new InvoiceLine(plan.name() + " plan, included executions, " + span,
                    BigDecimal.valueOf(included), ZERO, 0));
        }
        long lower = plan.includedExecutions();
        for (Plan.Tier tier : plan.tiers()) {
            long upper = tier.upTo() == null ? Long.MAX_VALUE : tier.upTo();
            long from = Math.max(first, lower);
            long to = Math.min(last, upper);
            if (to > from) {
                long quantity = to - from;
                lines.add(new InvoiceLine(plan.name() + " plan, executions " + count(lower + 1) + " to "
                        + (tier.upTo() == null ? "any number" : count(upper)) + " at " + tier.unitCents().toPlainString()
                        + " cents, " + span, BigDecimal.valueOf(quantity), tier.unitCents(),
                        round(tier.unitCents().multiply(BigDecimal.valueOf(quantity)))));
            }
            lower = upper;
            if (upper == Long.MAX_VALUE) {
                break;
            }
        }
        long beyond = last - Math.max(first, lower);
        if (beyond > 0) {
            // beyond every tier the plan prices (a plan with no overage price): free, but shown
            lines.add(new InvoiceLine(plan.name() + " plan, executions beyond its priced tiers, " + span,
                    BigDecimal.valueOf(beyond), ZERO, 0));
        }
        return lines;
    }

    /** Whole cents, half up: the one rounding of a line. */
    static long round(BigDecimal cents) {
        return cents.setScale(0, RoundingMode.HALF_UP).longValueExact();
    }

    private static String day(LocalDate date) {
        return date.toString();
    }

    private static String count(long n) {
        return NumberFormat.getIntegerInstance(Locale.ROOT).format(n);
    }
}
