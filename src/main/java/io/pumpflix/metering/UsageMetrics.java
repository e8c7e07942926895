package io.pumpflix.metering;

import io.pumpflix.identity.AccessPolicy;
import io.pumpflix.identity.Action;
import io.pumpflix.identity.Actor;
import io.pumpflix.platform.Routines;
import io.pumpflix.platform.Rows;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Service;

/** The metering module's door: usage metrics, through {@code get_user_usage_metrics}. */
@Service
public class UsageMetrics {

    private final Routines routines;

    UsageMetrics(Routines routines) {
        this.routines = routines;
    }

    /** The usage of the actor's organization, as the actor sees it. */
    public Usage forActor(Actor actor) {
        AccessPolicy.require(actor, Action.READ);
        return routines.optional("""
                SELECT total_executions, monthly_executions, total_invoices, last_invoice_amount
                FROM public.get_user_usage_metrics(?)""",
                (rs, n) -> new Usage(rs.getInt("total_executions"), rs.getInt("monthly_executions"),
                        rs.getInt("total_invoices"), Rows.integer(rs, "last_invoice_amount")),
                actor.userId()).orElseThrow();
    }

    /**
     * Executions logged on each day of a month (every day of it, zero included), from the index of
     * the organization's executions by logging time. A run is logged when it is queued or started,
     * so a day's count is the runs that began that day; the month's metered total counts by start
     * time ({@link #monthly}) and differs only by runs queued before midnight and started after.
     */
    public List<ExecutionCount> daily(Actor actor, YearMonth month) {
        AccessPolicy.require(actor, Action.READ);
        LocalDate first = month.atDay(1);
        Map<LocalDate, Long> counted = new HashMap<>();
        routines.list("""
                SELECT logged_at::date AS day, count(*) AS executions FROM public.workflow_executions
                WHERE organization_id = ? AND logged_at >= ? AND logged_at < ?
                GROUP BY 1""", (rs, n) -> new ExecutionCount(rs.getObject("day", LocalDate.class), rs.getLong("executions")),
                actor.organizationId(), first.atStartOfDay(), month.plusMonths(1).atDay(1).atStartOfDay())
                .forEach(count -> counted.put(count.period(), count.executions()));
        List<ExecutionCount> days = new ArrayList<>();
        for (LocalDate day = first; day.getMonth() == first.getMonth(); day = day.plusDays(1)) {
            days.add(new ExecutionCount(day, counted.getOrDefault(day, 0L)));
        }
        return days;
    }

    /**
     * Executions started in each of the {@code months} months up to and including {@code last},
     * oldest first: the metered counts ({@code pumpflix.month_executions}) that quotas and invoices use.
     */
    public List<ExecutionCount> monthly(Actor actor, YearMonth last, int months) {
        AccessPolicy.require(actor, Action.READ);
        return routines.list("""
                SELECT m::date AS month, pumpflix.month_executions(?, m::date) AS executions
                FROM generate_series(?::date, ?::date, interval '1 month') AS m ORDER BY 1""",
                (rs, n) -> new ExecutionCount(rs.getObject("month", LocalDate.class), rs.getLong("executions")),
                actor.organizationId(), last.minusMonths(months - 1L).atDay(1), last.atDay(1));
    }
}
