package io.pumpflix.engine.web;

import io.pumpflix.engine.WorkflowImports;
import io.pumpflix.identity.Actor;
import io.pumpflix.platform.Check;
import io.pumpflix.workflow.Workflow;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

@RestController
@Tag(name = "Workflows")
class ImportController {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final WorkflowImports imports;

    ImportController(WorkflowImports imports) {
        this.imports = imports;
    }

    record ImportResult(Workflow workflow, List<String> notes) {
    }

    @PostMapping("/api/v1/workflows/import")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(operationId = "importN8nWorkflow", summary = "Create a workflow from an n8n workflow export",
            description = "The body is an n8n export (name, nodes, connections, settings). Every node must be of a type "
                    + "PumpFlix runs (n8n-nodes-base.* names are mapped, parameters rewritten where n8n's differ) and "
                    + "name credentials that exist here with the same type and name; otherwise 400 lists each node "
                    + "that cannot come over. Sticky notes are left out. The optional name overrides the export's.")
    @SuppressWarnings("unchecked")
    ImportResult importN8n(Actor actor, @RequestBody JsonNode export, @RequestParam(required = false) String name) {
        if (export == null || !export.isObject()) {
            throw Check.invalid("body", "must be an n8n workflow export: a JSON object with nodes and connections");
        }
        WorkflowImports.Imported imported = imports.importN8n(actor, JSON.treeToValue(export, LinkedHashMap.class),
                name);
        return new ImportResult(imported.workflow(), imported.notes());
    }
}
