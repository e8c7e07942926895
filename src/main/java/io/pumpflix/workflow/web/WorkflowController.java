package io.pumpflix.workflow.web;

import io.pumpflix.identity.Actor;
import io.pumpflix.platform.Check;
import io.pumpflix.platform.Page;
import io.pumpflix.workflow.Workflow;
import io.pumpflix.workflow.WorkflowVersion;
import io.pumpflix.workflow.Workflows;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

@RestController
@RequestMapping("/api/v1/workflows")
@Tag(name = "Workflows")
class WorkflowController {

    private final Workflows workflows;

    WorkflowController(Workflows workflows) {
        this.workflows = workflows;
    }

    record NewWorkflow(String name, String description,
            @Schema(ref = "#/components/schemas/WorkflowDefinition") JsonNode definition) {
    }

    record MetadataChange(String name, String description) {
    }

    record NewVersion(@Schema(ref = "#/components/schemas/WorkflowDefinition") JsonNode definition) {
    }

    static String definition(JsonNode definition) {
        if (definition == null || !definition.isObject()) {
            throw Check.invalid("definition", "must be a JSON object");
        }
        return definition.toString();
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(operationId = "createWorkflow", summary = "Create a workflow with its first version")
    Workflow create(Actor actor, @RequestBody NewWorkflow request) {
        return workflows.create(actor, request.name(), request.description(), definition(request.definition()));
    }

    @GetMapping
    @Operation(operationId = "listWorkflows", summary = "The organization's workflows, newest first",
            description = "Newest first, keyset pages; `archived` and `template` filter, `q` keeps the workflows whose name contains it (any case).")
    Page<Workflow> list(Actor actor, @RequestParam(required = false) Boolean archived,
            @RequestParam(required = false) Boolean template, @RequestParam(required = false) String q,
            @RequestParam(required = false) Integer limit, @RequestParam(required = false) String cursor) {
        return workflows.list(actor, new Workflows.Filter(archived, template, q), Page.size(limit),
                Page.Cursor.decode(cursor));
    }

    @GetMapping("/{workflowId}")
    @Operation(operationId = "getWorkflow", summary = "One workflow")
    Workflow get(Actor actor, @PathVariable UUID workflowId) {
        return workflows.find(actor, workflowId);
    }

    @PatchMapping("/{workflowId}")
    @Operation(operationId = "updateWorkflow", summary = "Rename or re-describe a workflow")
    Workflow update(Actor actor, @PathVariable UUID workflowId, @RequestBody MetadataChange change) {
        return workflows.updateMetadata(actor, workflowId, change.name(), change.description());
    }

    @PostMapping("/{workflowId}/versions")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(operationId = "commitWorkflowVersion", summary = "Commit a new immutable version and make it current",
            description = "The definition is checked against the JSON Schema at /schemas/workflow-definition.json and for meaning (connections, parameters, expressions, credentials of this organization); every problem is listed in the 400's `errors`, by node and parameter. An archived workflow is 409.")
    WorkflowVersion commit(Actor actor, @PathVariable UUID workflowId, @RequestBody NewVersion request) {
        return workflows.commitVersion(actor, workflowId, definition(request.definition()));
    }

    @GetMapping("/{workflowId}/versions")
    @Operation(operationId = "listWorkflowVersions", summary = "A workflow's versions, newest first")
    Page<WorkflowVersion> versions(Actor actor, @PathVariable UUID workflowId,
            @RequestParam(required = false) Integer limit, @RequestParam(required = false) String cursor) {
        return workflows.versions(actor, workflowId, Page.size(limit), Page.Cursor.decode(cursor));
    }

    @GetMapping("/{workflowId}/versions/{versionId}")
    @Operation(operationId = "getWorkflowVersion", summary = "One version of a workflow")
    WorkflowVersion version(Actor actor, @PathVariable UUID workflowId, @PathVariable UUID versionId) {
        return workflows.version(actor, workflowId, versionId);
    }

    @PostMapping("/{workflowId}/clone")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(operationId = "cloneWorkflow", summary = "Copy a workflow and its current version",
            description = "A new workflow in the same organization whose first version is a copy of the current one.")
    Workflow cloneWorkflow(Actor actor, @PathVariable UUID workflowId) {
        return workflows.clone(actor, workflowId);
    }

    @PostMapping("/{workflowId}/archive")
    @Operation(operationId = "archiveWorkflow", summary = "Archive a workflow (it stays readable)",
            description = "An archived workflow stays readable, stops listening to webhooks and schedules, takes no new version (409) and does not run.")
    Workflow archive(Actor actor, @PathVariable UUID workflowId) {
        return workflows.archive(actor, workflowId);
    }
}
