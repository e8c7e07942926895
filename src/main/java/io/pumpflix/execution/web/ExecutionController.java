package io.pumpflix.execution.web;

import io.pumpflix.execution.Execution;
import io.pumpflix.execution.Executions;
import io.pumpflix.execution.NodeResult;
import io.pumpflix.execution.ExecutionStatus;
import io.pumpflix.identity.Actor;
import io.pumpflix.platform.Page;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.pumpflix.platform.Check;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

@RestController
@Tag(name = "Executions")
class ExecutionController {

    private final Executions executions;

    ExecutionController(Executions executions) {
        this.executions = executions;
    }

    record NewExecution(String status, JsonNode input, JsonNode output) {
    }

    record StatusChange(String status, JsonNode output) {
    }

    private static String json(JsonNode node) {
        return node == null || node.isNull() ? null : node.toString();
    }

    @PostMapping("/api/v1/workflows/{workflowId}/executions")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(operationId = "logExecution", summary = "Log an execution of a workflow",
            description = "Logs an execution that ran outside the engine, through the documented `log_workflow_execution`: `started_at` and `finished_at` follow from the status. Counts against the plan's hard cap (402).")
    Execution log(Actor actor, @PathVariable UUID workflowId, @RequestBody NewExecution request) {
        return executions.log(actor, workflowId, ExecutionStatus.parse(request.status(), "status"),
                json(request.input()), json(request.output()));
    }

    record Batch(List<NewExecution> executions) {
    }

    record BatchLogged(int logged, List<UUID> ids) {
    }

    @PostMapping("/api/v1/workflows/{workflowId}/executions/batch")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(operationId = "logExecutionBatch",
            summary = "Log up to 5,000 executions of a workflow in one request (one database statement)")
    BatchLogged logBatch(Actor actor, @PathVariable UUID workflowId, @RequestBody Batch request) {
        List<NewExecution> items = Check.present(request.executions(), "executions");
        List<Executions.NewExecution> batch = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            NewExecution item = Check.present(items.get(i), "executions[" + i + "]");
            batch.add(new Executions.NewExecution(ExecutionStatus.parse(item.status(), "executions[" + i + "].status"),
                    json(item.input()), json(item.output())));
        }
        List<UUID> ids = executions.logBatch(actor, workflowId, batch);
        return new BatchLogged(ids.size(), ids);
    }

    @PatchMapping("/api/v1/executions/{executionId}")
    @Operation(operationId = "advanceExecution", summary = "Move an execution along its lifecycle",
            description = "queued → running or cancelled; running → success, error or cancelled; a finished execution refuses any change (409). The output may be set with the move.")
    Execution advance(Actor actor, @PathVariable UUID executionId, @RequestBody StatusChange change) {
        return executions.advance(actor, executionId, ExecutionStatus.parse(change.status(), "status"), json(change.output()));
    }

    @GetMapping("/api/v1/executions/{executionId}")
    @Operation(operationId = "getExecution", summary = "One execution")
    Execution get(Actor actor, @PathVariable UUID executionId) {
        return executions.find(actor, executionId);
    }

    @GetMapping("/api/v1/executions/{executionId}/nodes")
    @Operation(operationId = "listExecutionNodes",
            summary = "What each node of a run did: status, items of each output, error, milliseconds")
    List<NodeResult> nodes(Actor actor, @PathVariable UUID executionId) {
        return executions.nodes(actor, executionId);
    }

    @GetMapping("/api/v1/workflows/{workflowId}/executions")
    @Operation(operationId = "listWorkflowExecutions", summary = "A workflow's executions, newest first")
    Page<Execution> ofWorkflow(Actor actor, @PathVariable UUID workflowId,
            @RequestParam(required = false) String status, @RequestParam(required = false) Instant from,
            @RequestParam(required = false) Instant before, @RequestParam(required = false) Integer limit,
            @RequestParam(required = false) String cursor) {
        return executions.list(actor, new Executions.Filter(workflowId, status(status), from, before), Page.size(limit),
                Page.Cursor.decode(cursor));
    }

    @GetMapping("/api/v1/executions")
    @Operation(operationId = "listExecutions", summary = "The organization's executions, newest first",
            description = "Newest first by logging time, keyset pages; filters `status`, `from` and `before` (on the logging time).")
    Page<Execution> ofOrganization(Actor actor, @RequestParam(required = false) String status,
            @RequestParam(required = false) Instant from, @RequestParam(required = false) Instant before,
            @RequestParam(required = false) Integer limit, @RequestParam(required = false) String cursor) {
        return executions.list(actor, new Executions.Filter(null, status(status), from, before), Page.size(limit),
                Page.Cursor.decode(cursor));
    }

    private static ExecutionStatus status(String status) {
        return status == null ? null : ExecutionStatus.parse(status, "status");
    }
}
