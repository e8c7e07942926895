package io.pumpflix.billing;

import io.pumpflix.platform.OwnerDatabase;
import io.pumpflix.platform.Rows;
import java.time.LocalDateTime;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * The billing run (docs/billing.md): for a month that has ended, one open invoice per organization
 * that was subscribed during it, through {@code create_invoice}, with its lines. Organizations are
 * taken in pages of {@link #PAGE}; each page is priced here and recorded in one statement that
 * first claims (organization, month): an organization billed already (by an earlier run, or by
 * another instance right now) is skipped, so a rerun, a crash half-way or two instances at once
 * make exactly one invoice per organization and month. As the tables' owner: it spans
 * organizations.
 */
@Component
class BillingRun {

    private static final Logger log = LoggerFactory.getLogger(BillingRun.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    static final int PAGE = 1000;

    /** How far a run is: organizations looked at, invoices made by this run. */
    record Progress(int organizations, int invoiced) {
    }

    private final OwnerDatabase owner;
    private final PlanStore plans;

    BillingRun(OwnerDatabase owner, PlanStore plans) {
        this.owner = owner;
        this.plans = plans;
    }

    /** Bills a month that has ended; returns the invoices this run made. */
    Progress run(YearMonth month, Consumer<Progress> progress) {
        return run(month, PAGE, progress);
    }

    /** The same, {@code page} organizations per statement; {@code progress} hears after each page is committed. */
    Progress run(YearMonth month, int page, Consumer<Progress> progress) {
        if (!month.isBefore(YearMonth.now(ZoneOffset.UTC))) {
            throw io.pumpflix.platform.Check.invalid("month", month + " has not ended yet (months are UTC calendar months)");
        }
        Map<String, Plan> byId = new LinkedHashMap<>();
        plans.all().forEach(plan -> byId.put(plan.id(), plan));
        UUID after = null;
        int seen = 0;
        int invoiced = 0;
        while (true) {
            List<Map<String, Object>> rows = owner.jdbc()
                    .sql("SELECT * FROM pumpflix.billing_inputs(?, ?, ?)")
                    .params(month.atDay(1), after, page).query().listOfRows();
            if (rows.isEmpty()) {
                break;
            }
            List<Map<String, Object>> invoices = new ArrayList<>();
            UUID current = null;
            List<Pricing.Period> periods = new ArrayList<>();
            long total = 0;
            for (Map<String, Object> row : rows) {
                UUID org = (UUID) row.get("organization_id");
                if (!org.equals(current)) {
                    if (current != null) {
                        invoices.add(invoice(current, month, periods, total, byId));
                    }
                    current = org;
                    periods = new ArrayList<>();
                }
                total = ((Number) row.get("month_executions")).longValue();
                periods.add(new Pricing.Period((String) row.get("plan_id"), time(row.get("starts_at")),
                        time(row.get("ends_at")), ((Number) row.get("executions_at_start")).longValue()));
            }
            invoices.add(invoice(current, month, periods, total, byId));
            after = current;
            seen += invoices.size();
            List<UUID> made = owner.jdbc().sql("SELECT organization_id FROM pumpflix.record_invoices(?, ?::jsonb)")
                    .params(month.atDay(1), JSON.writeValueAsString(invoices))
                    .query((rs, n) -> Rows.uuid(rs, "organization_id")).list();
            invoiced += made.size();
            progress.accept(new Progress(seen, invoiced));
        }
        log.info("Billing run for {}: {} organizations looked at, {} invoices made", month, seen, invoiced);
        return new Progress(seen, invoiced);
    }

    private static Map<String, Object> invoice(UUID organization, YearMonth month, List<Pricing.Period> periods,
            long total, Map<String, Plan> plans) {
        List<InvoiceLine> lines = Pricing.month(month, periods, total, plans);
        long amount = lines.stream().mapToLong(InvoiceLine::amountCents).sum();
        if (amount > Integer.MAX_VALUE) {
            throw new IllegalStateException("the invoice of organization " + organization + " for " + month + " is "
                    + amount + " cents, more than an invoice holds");
        }
        List<Map<String, Object>> jsonLines = new ArrayList<>();
        for (InvoiceLine line : lines) {
            Map<String, Object> one = new LinkedHashMap<>();
            one.put("description", line.description());
            one.put("quantity", line.quantity().toPlainString());
            one.put("unitAmountCents", line.unitAmountCents().toPlainString());
            one.put("amountCents", line.amountCents());
            jsonLines.add(one);
        }
        Map<String, Object> invoice = new LinkedHashMap<>();
        invoice.put("organizationId", organization.toString());
        invoice.put("amountCents", amount);
        invoice.put("lines", jsonLines);
        return invoice;
    }

    private static LocalDateTime time(Object value) {
        if (value == null) {
            return null;
        }
        return value instanceof java.sql.Timestamp timestamp ? timestamp.toLocalDateTime() : (LocalDateTime) value;
    }
}
