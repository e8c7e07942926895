package io.pumpflix.console;

import io.pumpflix.engine.WorkflowRuns;
import io.pumpflix.execution.Execution;
import io.pumpflix.execution.ExecutionStatus;
import io.pumpflix.execution.Executions;
import io.pumpflix.execution.NodeResult;
import io.pumpflix.identity.Actor;
import io.pumpflix.platform.Check;
import io.pumpflix.platform.Page;
import io.pumpflix.workflow.Workflows;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * Executions: the organization's runs, filtered by workflow, status and day, refreshed as runs start
 * and finish; and one execution with each node's result, and retry or cancel when the engine offers it.
 */
@Controller
class ExecutionPages {

    private final Executions executions;
    private final Workflows workflows;
    private final WorkflowRuns runs;

    ExecutionPages(Executions executions, Workflows workflows, WorkflowRuns runs) {
        this.executions = executions;
        this.workflows = workflows;
        this.runs = runs;
    }

    /** A node's result as the page shows it: duration, and items and error as indented JSON. */
    record NodeView(String node, int position, String status, long ms, String items, String error) {

        static NodeView of(NodeResult result) {
            return new NodeView(result.node(), result.position(), result.status(), result.milliseconds(),
                    result.items() == null ? null : WorkflowPages.pretty(result.items()),
                    result.error() == null ? null : WorkflowPages.pretty(result.error()));
        }
    }

    @GetMapping("/executions")
    String list(Actor actor, @RequestParam(required = false) UUID workflow, @RequestParam(required = false) String status,
            @RequestParam(required = false) String from, @RequestParam(required = false) String to,
            @RequestParam(required = false) String cursor, Model model) {
        rows(actor, workflow, status, from, to, cursor, model);
        model.addAttribute("workflow", workflow == null ? null : workflows.find(actor, workflow));
        model.addAttribute("status", status);
        model.addAttribute("statuses", ExecutionStatus.values());
        model.addAttribute("from", from);
        model.addAttribute("to", to);
        model.addAttribute("cursor", cursor);
        return "console/executions";
    }

    /** The first page of the list alone, for the page's live refresh. */
    @GetMapping("/executions/rows")
    String rows(Actor actor, @RequestParam(required = false) UUID workflow, @RequestParam(required = false) String status,
            @RequestParam(required = false) String from, @RequestParam(required = false) String to,
            @RequestParam(required = false) String cursor, Model model) {
        Executions.Filter filter = new Executions.Filter(workflow,
                status == null || status.isBlank() ? null : ExecutionStatus.parse(status, "status"),
                day(from, "from", 0), day(to, "to", 1));
        Page<Execution> page = executions.list(actor, filter, WorkflowPages.PAGE_SIZE, Page.Cursor.decode(cursor));
        model.addAttribute("page", page);
        model.addAttribute("spanning", workflow == null);
        model.addAttribute("rows", ExecutionRow.of(page.items(), workflow != null ? null
                : workflows.names(actor, page.items().stream().map(Execution::workflowId).collect(Collectors.toSet()))));
        return "console/executions :: rows";
    }

    @GetMapping("/executions/{executionId}")
    String execution(Actor actor, @PathVariable UUID executionId, Model model) {
        detail(actor, executionId, model);
        return "console/execution";
    }

    @GetMapping("/executions/{executionId}/detail")
    String detail(Actor actor, @PathVariable UUID executionId, Model model) {
        Execution execution = executions.find(actor, executionId);
        model.addAttribute("execution", execution);
        model.addAttribute("workflow", workflows.find(actor, execution.workflowId()));
        model.addAttribute("nodes", executions.nodes(actor, executionId).stream().map(NodeView::of).toList());
        model.addAttribute("input", WorkflowPages.pretty(execution.inputData()));
        model.addAttribute("output", execution.outputData() == null ? null : WorkflowPages.pretty(execution.outputData()));
        model.addAttribute("failure", execution.error() == null ? null : WorkflowPages.pretty(execution.error()));
        // the engine retries a failed run of its own (one with a mode); a logged execution is a record only
        model.addAttribute("retryable", execution.status() == ExecutionStatus.ERROR && execution.mode() != null);
        model.addAttribute("cancellable", !execution.status().terminal());
        return "console/execution :: detail";
    }

    @PostMapping("/executions/{executionId}/retry")
    String retry(Actor actor, @PathVariable UUID executionId) {
        return "redirect:/executions/" + runs.retry(actor, executionId);
    }

    @PostMapping("/executions/{executionId}/cancel")
    String cancel(Actor actor, @PathVariable UUID executionId) {
        runs.cancel(actor, executionId);
        return "redirect:/executions/" + executionId;
    }

    /** A day of a filter (yyyy-mm-dd, UTC) as the instant it starts, {@code plusDays} later. */
    private static Instant day(String value, String field, int plusDays) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return LocalDate.parse(value).plusDays(plusDays).atStartOfDay().toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            throw Check.invalid(field, "must be a day as yyyy-mm-dd");
        }
    }
}
