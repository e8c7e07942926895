package io.pumpflix.engine.web;

import io.pumpflix.engine.RunOutcome;
import io.pumpflix.engine.RunTicket;
import io.pumpflix.engine.WorkflowRuns;
import io.pumpflix.execution.Execution;
import io.pumpflix.identity.Actor;
import io.pumpflix.platform.Check;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CancellationException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.async.DeferredResult;
import tools.jackson.databind.JsonNode;

@RestController
@Tag(name = "Runs")
class RunController {

    private final WorkflowRuns runs;
    private final io.pumpflix.engine.EngineSettings settings;

    RunController(WorkflowRuns runs, io.pumpflix.engine.EngineSettings settings) {
        this.runs = runs;
        this.settings = settings;
    }

    record RunRequest(JsonNode items) {
    }

    /** The answer to a run that ended within the wait: its status, the last node's items, its error. */
    record RunResult(UUID executionId, String status, @com.fasterxml.jackson.annotation.JsonRawValue String output,
            @com.fasterxml.jackson.annotation.JsonRawValue String error) {
    }

    record Queued(UUID executionId) {
    }

    @PostMapping("/api/v1/workflows/{workflowId}/run")
    @Operation(operationId = "runWorkflow", summary = "Run the current version now (202 with the execution id)",
            description = "Queues a run that starts at the workflow's manualTrigger nodes with the given items (one empty "
                    + "item by default). With wait=true the answer waits for the run's end, up to "
                    + "pumpflix.engine.wait-for-result (30 s), and is 200 with its result; a run still going then is 202.")
    Object run(Actor actor, @PathVariable UUID workflowId, @RequestBody(required = false) RunRequest request,
            @RequestParam(defaultValue = "false") boolean wait) {
        RunTicket ticket = runs.start(actor, workflowId, items(request), wait);
        ResponseEntity<Object> queued = ResponseEntity.status(HttpStatus.ACCEPTED).body(new Queued(ticket.executionId()));
        if (!wait) {
            return queued;
        }
        DeferredResult<ResponseEntity<Object>> answer = new DeferredResult<>(settings.waitForResult().toMillis(), queued);
        answer.onTimeout(() -> runs.stopWaiting(ticket.executionId()));
        ticket.outcome().whenComplete((outcome, failure) -> {
            if (outcome != null) {
                answer.setResult(ResponseEntity.ok(result(outcome)));
            } else if (!(failure instanceof CancellationException)) {
                answer.setResult(queued);
            }
        });
        return answer;
    }

    private static RunResult result(RunOutcome outcome) {
        return new RunResult(outcome.executionId(), outcome.status(), outcome.output(), outcome.error());
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> items(RunRequest request) {
        if (request == null || request.items() == null || request.items().isNull()) {
            return null;
        }
        if (!request.items().isArray()) {
            throw Check.invalid("items", "must be an array of JSON objects");
        }
        List<Map<String, Object>> items = new ArrayList<>();
        for (int i = 0; i < request.items().size(); i++) {
            JsonNode item = request.items().get(i);
            if (!item.isObject()) {
                throw Check.invalid("items[" + i + "]", "must be a JSON object");
            }
            items.add(tools.jackson.databind.json.JsonMapper.builder().build().treeToValue(item, LinkedHashMap.class));
        }
        return items;
    }

    @PostMapping("/api/v1/executions/{executionId}/retry")
    @Operation(operationId = "retryExecution", summary = "Retry a failed run from the node that failed (202)",
            description = "Queues a new execution of the version that ran, with the same input, linked to the failed "
                    + "one (retryOf). The nodes that finished before the failure keep their results and do not run "
                    + "again. Only a failed run of the engine can be retried: 409 otherwise.")
    ResponseEntity<Queued> retry(Actor actor, @PathVariable UUID executionId) {
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(new Queued(runs.retry(actor, executionId)));
    }

    @PostMapping("/api/v1/executions/{executionId}/cancel")
    @Operation(operationId = "cancelExecution", summary = "Cancel a queued, waiting or running run",
            description = "The execution ends cancelled at once; the instance running it stops at its next step. "
                    + "A finished execution answers 409.")
    Execution cancel(Actor actor, @PathVariable UUID executionId) {
        return runs.cancel(actor, executionId);
    }
}
