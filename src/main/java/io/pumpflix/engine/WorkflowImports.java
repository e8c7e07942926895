package io.pumpflix.engine;

import io.pumpflix.credential.CredentialSummary;
import io.pumpflix.credential.CredentialVault;
import io.pumpflix.engine.expression.JsonText;
import io.pumpflix.engine.n8n.N8nTranslation;
import io.pumpflix.engine.n8n.N8nTranslator;
import io.pumpflix.identity.AccessPolicy;
import io.pumpflix.identity.Action;
import io.pumpflix.identity.Actor;
import io.pumpflix.platform.Check;
import io.pumpflix.platform.InputError;
import io.pumpflix.workflow.Workflow;
import io.pumpflix.workflow.Workflows;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Service;

/**
 * Workflows brought over from n8n: an n8n export becomes a workflow of the organization when every
 * node is one PumpFlix runs, or is refused listing each node that is not (docs/engine.md,
 * "Importing from n8n"). The workflow is created through the workflow module's door, so the
 * definition is checked like any commit (expressions JSONata cannot read are named per node).
 */
@Service
public class WorkflowImports {

    /** The imported workflow and what was changed on the way. */
    public record Imported(Workflow workflow, List<String> notes) {
    }

    private final Workflows workflows;
    private final CredentialVault vault;

    WorkflowImports(Workflows workflows, CredentialVault vault) {
        this.workflows = workflows;
        this.vault = vault;
    }

    public Imported importN8n(Actor actor, Map<String, Object> export, String name) {
        AccessPolicy.require(actor, Action.CREATE_WORKFLOW);
        List<CredentialSummary> credentials = vault.list(actor);
        N8nTranslation translation = new N8nTranslator((type, wanted) -> credentials.stream()
                .filter(c -> c.type().equals(type) && c.name().equals(wanted)).map(CredentialSummary::id).findFirst())
                .translate(export);
        if (!translation.unsupported().isEmpty()) {
            InputError first = translation.unsupported().get(0);
            throw Check.invalid("the n8n workflow cannot be imported: " + translation.unsupported().size()
                    + " problem(s), the first: " + (first.node() == null ? "" : "node '" + first.node() + "', ")
                    + first.message(), translation.unsupported());
        }
        String title = Optional.ofNullable(name).filter(n -> !n.isBlank()).orElse(
                Optional.ofNullable(translation.name()).orElse("Imported from n8n"));
        Workflow created = workflows.create(actor, title, "Imported from n8n", JsonText.of(translation.definition()));
        return new Imported(created, translation.notes());
    }
}
