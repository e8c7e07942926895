package io.pumpflix.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import io.pumpflix.DatabaseTest;
import io.pumpflix.identity.Actor;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Finding workflows by a part of their name, in any case, the text taken literally. */
class WorkflowSearchTest extends DatabaseTest {

    @Autowired
    Workflows workflows;

    private java.util.List<String> names(Actor actor, String search) {
        return as(actor, () -> workflows.list(actor, new Workflows.Filter(null, null, search), 50, null).items()
                .stream().map(Workflow::name).sorted().toList());
    }

    @Test
    void matchesAPartOfTheNameLiterally() {
        Actor owner = signedUpOwner();
        Actor stranger = signedUpOwner();
        as(owner, () -> {
            for (String name : new String[] {"Alpha report", "beta REPORT", "100%_done", "a\\b"}) {
                workflows.create(owner, name, null, "{\"nodes\": []}");
            }
        });
        as(stranger, () -> workflows.create(stranger, "Their report", null, "{\"nodes\": []}"));

        assertThat(names(owner, "report")).containsExactly("Alpha report", "beta REPORT");
        assertThat(names(owner, "  Report ")).containsExactly("Alpha report", "beta REPORT");
        assertThat(names(owner, "%")).containsExactly("100%_done");
        assertThat(names(owner, "_")).containsExactly("100%_done");
        assertThat(names(owner, "\\")).containsExactly("a\\b");
        assertThat(names(owner, "")).hasSize(4);
        assertThat(names(owner, "nothing like it")).isEmpty();
    }

    @Test
    void namesAreGivenOnlyForTheOrganizationsOwnWorkflows() {
        Actor owner = signedUpOwner();
        Actor stranger = signedUpOwner();
        java.util.UUID mine = as(owner, () -> workflows.create(owner, "Mine", null, "{\"nodes\": []}").id());
        java.util.UUID theirs = as(stranger, () -> workflows.create(stranger, "Theirs", null, "{\"nodes\": []}").id());
        assertThat(as(owner, () -> workflows.names(owner, java.util.List.of(mine, theirs, java.util.UUID.randomUUID()))))
                .isEqualTo(java.util.Map.of(mine, "Mine"));
        assertThat(as(owner, () -> workflows.names(owner, java.util.List.of()))).isEmpty();
    }
}
