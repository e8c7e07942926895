package io.pumpflix.console;

import io.pumpflix.billing.Billing;
import io.pumpflix.billing.InvoiceDocument;
import io.pumpflix.billing.Invoices;
import io.pumpflix.identity.AccessPolicy;
import io.pumpflix.identity.Action;
import io.pumpflix.identity.Actor;
import io.pumpflix.metering.ExecutionCount;
import io.pumpflix.metering.UsageMetrics;
import io.pumpflix.platform.Page;
import java.time.Clock;
import java.time.YearMonth;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import tools.jackson.databind.json.JsonMapper;

/** Usage (this month by day, twelve months by month, the plan's quota) and invoices. */
@Controller
class UsagePages {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final DateTimeFormatter MONTH = DateTimeFormatter.ofPattern("MMM yy", Locale.ENGLISH);

    private final UsageMetrics usage;
    private final Billing billing;
    private final Invoices invoices;

    UsagePages(UsageMetrics usage, Billing billing, Invoices invoices) {
        this.usage = usage;
        this.billing = billing;
        this.invoices = invoices;
    }

    /** A chart's data for the page's script and, as a table, for everyone. */
    record Chart(String label, List<ExecutionCount> counts, String json) {
    }

    @GetMapping("/usage")
    String usage(Actor actor, Model model) {
        YearMonth month = YearMonth.now(Clock.systemUTC());
        List<ExecutionCount> days = usage.daily(actor, month);
        List<ExecutionCount> months = usage.monthly(actor, month, 12);
        model.addAttribute("usage", usage.forActor(actor));
        model.addAttribute("month", month);
        model.addAttribute("days", chart("Executions per day", days,
                days.stream().map(d -> Integer.toString(d.period().getDayOfMonth())).toList()));
        model.addAttribute("months", chart("Executions per month", months,
                months.stream().map(m -> MONTH.format(m.period())).toList()));
        if (AccessPolicy.allows(actor, Action.READ_INVOICES)) {
            model.addAttribute("billing", billing.usage(actor));
        }
        return "console/usage";
    }

    @GetMapping("/invoices")
    String invoices(Actor actor, @RequestParam(required = false) String cursor, Model model) {
        model.addAttribute("page", invoices.list(actor, WorkflowPages.PAGE_SIZE, Page.Cursor.decode(cursor)));
        return "console/invoices";
    }

    @GetMapping("/invoices/{invoiceId}")
    String invoice(Actor actor, @PathVariable UUID invoiceId, Model model) {
        InvoiceDocument document = invoices.document(actor, invoiceId);
        model.addAttribute("invoice", document.invoice());
        model.addAttribute("lines", document.lines());
        return "console/invoice";
    }

    private static Chart chart(String label, List<ExecutionCount> counts, List<String> labels) {
        return new Chart(label, counts, JSON.writeValueAsString(Map.of("label", label, "labels", labels, "values",
                counts.stream().map(ExecutionCount::executions).toList())));
    }
}
