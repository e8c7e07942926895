package io.pumpflix.console;

import io.pumpflix.engine.RunTicket;
import io.pumpflix.engine.WorkflowRuns;
import io.pumpflix.execution.Execution;
import io.pumpflix.execution.Executions;
import io.pumpflix.identity.AccessPolicy;
import io.pumpflix.identity.Actor;
import io.pumpflix.marketplace.Marketplace;
import io.pumpflix.marketplace.Template;
import io.pumpflix.platform.InputError;
import io.pumpflix.platform.InvalidInputException;
import io.pumpflix.platform.Page;
import io.pumpflix.workflow.Workflow;
import io.pumpflix.workflow.WorkflowVersion;
import io.pumpflix.workflow.Workflows;
import jakarta.servlet.http.HttpServletResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/** Workflows: the list, a new one from JSON, and a workflow's page (diagram, runs, definition, versions). */
@Controller
class WorkflowPages {

    static final int PAGE_SIZE = 50;
    private static final JsonMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();
    private static final String STARTER = """
            {
              "nodes": [
                {"name": "Start", "type": "manualTrigger", "parameters": {}},
                {"name": "Greet", "type": "set", "parameters": {"fields": {"greeting": "hello"}}}
              ],
              "connections": {"Start": {"main": [[{"node": "Greet", "type": "main", "index": 0}]]}}
            }""";

    private final Workflows workflows;
    private final Executions executions;
    private final WorkflowRuns runs;
    private final Marketplace marketplace;

    WorkflowPages(Workflows workflows, Executions executions, WorkflowRuns runs, Marketplace marketplace) {
        this.workflows = workflows;
        this.executions = executions;
        this.runs = runs;
        this.marketplace = marketplace;
    }

    @GetMapping("/workflows")
    String list(Actor actor, @RequestParam(required = false) String q,
            @RequestParam(defaultValue = "active") String show, @RequestParam(required = false) String cursor,
            Model model) {
        Boolean archived = switch (show) {
            case "archived" -> Boolean.TRUE;
            case "all" -> null;
            default -> Boolean.FALSE;
        };
        Page<Workflow> page = workflows.list(actor, new Workflows.Filter(archived, null, q), PAGE_SIZE,
                Page.Cursor.decode(cursor));
        model.addAttribute("page", page);
        model.addAttribute("q", q);
        model.addAttribute("show", show);
        return "console/workflows";
    }

    @GetMapping("/workflows/new")
    String newWorkflow(Model model) {
        model.addAttribute("definition", STARTER);
        return "console/workflow-new";
    }

    @PostMapping("/workflows")
    String create(Actor actor, @RequestParam(defaultValue = "") String name,
            @RequestParam(defaultValue = "") String description, @RequestParam(defaultValue = "") String definition,
            HttpServletResponse response, Model model) {
        try {
            Workflow created = workflows.create(actor, name, description.isBlank() ? null : description,
                    objectText(definition));
            return "redirect:/workflows/" + created.id();
        } catch (InvalidInputException e) {
            response.setStatus(400);
            model.addAttribute("name", name);
            model.addAttribute("description", description);
            model.addAttribute("definition", definition);
            refusal(e, definition, model);
            return "console/workflow-new";
        }
    }

    @GetMapping("/workflows/{workflowId}")
    String workflow(Actor actor, @PathVariable UUID workflowId, @RequestParam(required = false) UUID version,
            @RequestParam(required = false) UUID ran, Model model) {
        Workflow workflow = workflows.find(actor, workflowId);
        WorkflowVersion shown = workflows.version(actor, workflowId,
                version == null ? workflow.currentVersionId() : version);
        model.addAttribute("definition", pretty(shown.jsonSchema()));
        model.addAttribute("diagram", WorkflowDiagram.of(parse(shown.jsonSchema()), Map.of()));
        return workflowPage(actor, workflow, shown, ran, model);
    }

    @GetMapping("/workflows/{workflowId}/runs")
    String recentRuns(Actor actor, @PathVariable UUID workflowId, Model model) {
        model.addAttribute("runs", recent(actor, workflowId));
        return "console/workflow :: runs";
    }

    @PostMapping("/workflows/{workflowId}/versions")
    String commit(Actor actor, @PathVariable UUID workflowId, @RequestParam(defaultValue = "") String definition,
            HttpServletResponse response, Model model) {
        Workflow workflow = workflows.find(actor, workflowId);
        try {
            workflows.commitVersion(actor, workflowId, objectText(definition));
            return "redirect:/workflows/" + workflowId;
        } catch (InvalidInputException e) {
            response.setStatus(400);
            model.addAttribute("definition", definition);
            refusal(e, definition, model);
            return workflowPage(actor, workflow,
                    workflows.version(actor, workflowId, workflow.currentVersionId()), null, model);
        }
    }

    @PostMapping("/workflows/{workflowId}/run")
    String run(Actor actor, @PathVariable UUID workflowId) {
        RunTicket ticket = runs.start(actor, workflowId, null, false);
        return "redirect:/workflows/" + workflowId + "?ran=" + ticket.executionId();
    }

    @PostMapping("/workflows/{workflowId}/clone")
    String cloneWorkflow(Actor actor, @PathVariable UUID workflowId) {
        return "redirect:/workflows/" + workflows.clone(actor, workflowId).id();
    }

    @PostMapping("/workflows/{workflowId}/archive")
    String archive(Actor actor, @PathVariable UUID workflowId) {
        workflows.archive(actor, workflowId);
        return "redirect:/workflows/" + workflowId;
    }

    @PostMapping("/workflows/{workflowId}/publish")
    String publish(Actor actor, @PathVariable UUID workflowId) {
        Template template = marketplace.publish(actor, workflowId);
        return "redirect:/marketplace?published=" + template.id();
    }

    private String workflowPage(Actor actor, Workflow workflow, WorkflowVersion shown, UUID ran, Model model) {
        model.addAttribute("workflow", workflow);
        model.addAttribute("shown", shown);
        model.addAttribute("canEdit", !workflow.archived() && AccessPolicy.mayEditWorkflow(actor, workflow.createdBy()));
        model.addAttribute("versions", workflows.versions(actor, workflow.id(), 20, null).items());
        model.addAttribute("runs", recent(actor, workflow.id()));
        model.addAttribute("ran", ran);
        return "console/workflow";
    }

    private List<ExecutionRow> recent(Actor actor, UUID workflowId) {
        return ExecutionRow.of(executions.list(actor, new Executions.Filter(workflowId, null, null, null), 10, null)
                .items(), null);
    }

    /**
     * Shows a refusal next to the nodes it names: the errors by node, and the proposed definition
     * drawn with those nodes marked (when it is JSON at all).
     */
    private static void refusal(InvalidInputException e, String definition, Model model) {
        List<InputError> errors = e.errors().isEmpty() ? List.of(new InputError(null, null, e.getMessage())) : e.errors();
        Map<String, String> byNode = new LinkedHashMap<>();
        for (InputError error : errors) {
            if (error.node() != null) {
                byNode.merge(error.node(), describe(error), (a, b) -> a + "; " + b);
            }
        }
        model.addAttribute("errors", errors);
        model.addAttribute("proposed", WorkflowDiagram.of(parse(definition), byNode));
    }

    static String describe(InputError error) {
        return (error.parameter() == null ? "" : error.parameter() + ": ") + error.message();
    }

    /** The definition as the doors take it: a JSON object's text, or a refusal naming the field. */
    private static String objectText(String definition) {
        JsonNode parsed;
        try {
            parsed = JSON.readTree(definition);
        } catch (JacksonException e) {
            throw io.pumpflix.platform.Check.invalid("definition", "is not JSON: " + e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ", column "
                            + e.getLocation().getColumnNr() + ")"));
        }
        if (parsed == null || !parsed.isObject()) {
            throw io.pumpflix.platform.Check.invalid("definition", "must be a JSON object");
        }
        return parsed.toString();
    }

    private static JsonNode parse(String definition) {
        try {
            return JSON.readTree(definition);
        } catch (JacksonException e) {
            return null;
        }
    }

    static String pretty(String json) {
        JsonNode node = parse(json);
        return node == null ? json : JSON.writeValueAsString(node);
    }
}
