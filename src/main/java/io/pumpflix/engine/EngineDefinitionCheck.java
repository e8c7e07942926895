package io.pumpflix.engine;

import io.pumpflix.credential.CredentialSummary;
import io.pumpflix.credential.CredentialVault;
import io.pumpflix.engine.definition.Definition;
import io.pumpflix.engine.definition.NodeDefinition;
import io.pumpflix.engine.node.AiChatNode;
import io.pumpflix.engine.node.ExecuteWorkflowNode;
import io.pumpflix.engine.node.WebhookTrigger;
import io.pumpflix.prompt.PromptTemplates;
import io.pumpflix.workflow.Workflows;
import io.pumpflix.engine.run.Definitions;
import io.pumpflix.identity.Actor;
import io.pumpflix.platform.Check;
import io.pumpflix.platform.Conflict;
import io.pumpflix.platform.InputError;
import io.pumpflix.platform.NotFoundException;
import io.pumpflix.platform.Routines;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * Refuses, at commit, a definition the engine cannot run (400, every problem named by node and
 * parameter): what {@code DefinitionReader} finds, credentials that do not exist in the
 * organization or are of another type, two webhooks on one path; and a webhook path another
 * workflow holds (409).
 */
@Component
class EngineDefinitionCheck implements io.pumpflix.workflow.DefinitionCheck {

    private final Definitions definitions;
    private final CredentialVault vault;
    private final Routines routines;
    private final Workflows workflows;
    private final PromptTemplates prompts;

    EngineDefinitionCheck(Definitions definitions, CredentialVault vault, Routines routines, Workflows workflows,
            PromptTemplates prompts) {
        this.definitions = definitions;
        this.vault = vault;
        this.routines = routines;
        this.workflows = workflows;
        this.prompts = prompts;
    }

    @Override
    public void validate(Actor actor, UUID workflowId, String json) {
        Definition definition = definitions.reader().read(json);
        List<InputError> errors = new ArrayList<>();
        Set<String> paths = new HashSet<>();
        for (NodeDefinition node : definition.nodes()) {
            node.credentials().forEach((type, id) -> {
                try {
                    CredentialSummary credential = vault.find(actor, id);
                    if (!credential.type().equals(type)) {
                        errors.add(new InputError(node.name(), "credentials." + type, "credential " + id + " is of type "
                                + credential.type() + ", not " + type));
                    }
                } catch (NotFoundException missing) {
                    errors.add(new InputError(node.name(), "credentials." + type, "credential " + id
                            + " does not exist in this organization"));
                }
            });
            if (node.type().equals("webhook") && !node.disabled() && !paths.add(WebhookTrigger.path(node))) {
                errors.add(new InputError(node.name(), "path", "another webhook node of this workflow listens on "
                        + WebhookTrigger.path(node)));
            }
            if (node.type().equals("executeWorkflow") && ExecuteWorkflowNode.target(node) != null
                    && !exists(actor, ExecuteWorkflowNode.target(node))) {
                errors.add(new InputError(node.name(), "workflowId", "workflow " + ExecuteWorkflowNode.target(node)
                        + " does not exist in this organization"));
            }
            if (node.type().equals("aiChat") && AiChatNode.templateId(node) != null) {
                try {
                    prompts.find(actor, AiChatNode.templateId(node));
                } catch (NotFoundException missing) {
                    errors.add(new InputError(node.name(), "promptTemplateId", "prompt template "
                            + AiChatNode.templateId(node) + " is not one of yours: a workflow may use the prompt "
                            + "templates of the member who commits it"));
                }
            }
        }
        UUID errorWorkflow = definition.settings().errorWorkflow();
        if (errorWorkflow != null && !errorWorkflow.equals(workflowId) && !exists(actor, errorWorkflow)) {
            errors.add(new InputError(null, "settings.errorWorkflow", "workflow " + errorWorkflow
                    + " does not exist in this organization"));
        }
        if (!errors.isEmpty()) {
            throw Check.invalid("definition: " + errors.size() + " problem(s), the first: node '" + errors.get(0).node()
                    + "', " + errors.get(0).parameter() + ": " + errors.get(0).message(), errors);
        }
    }

    private boolean exists(Actor actor, UUID workflowId) {
        try {
            workflows.find(actor, workflowId);
            return true;
        } catch (NotFoundException missing) {
            return false;
        }
    }

    /** Each webhook path of the new current version must now be this workflow's: else another holds it. */
    @Override
    public void activated(Actor actor, UUID workflowId, UUID versionId) {
        Map<String, String> registered = new HashMap<>();
        routines.list("SELECT path, node_name FROM pumpflix.webhooks WHERE workflow_id = ?",
                (rs, n) -> registered.put(rs.getString("path"), rs.getString("node_name")), workflowId);
        List<Map.Entry<String, String>> wanted = routines.list(
                "SELECT path, node_name FROM public.workflow_versions v, pumpflix.webhook_nodes(v.json_schema) WHERE v.id = ?",
                (rs, n) -> Map.entry(rs.getString("path"), rs.getString("node_name")), versionId);
        for (Map.Entry<String, String> hook : wanted) {
            if (!registered.containsKey(hook.getKey())) {
                throw Conflict.taken("node '" + hook.getValue() + "', path: the webhook path " + hook.getKey()
                        + " is taken by another workflow; choose another path");
            }
        }
    }
}
