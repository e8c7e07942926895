package io.pumpflix.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pumpflix.DatabaseTest;
import io.pumpflix.identity.Role;
import io.pumpflix.platform.InvalidInputException;
import io.pumpflix.platform.NotFoundException;
import io.pumpflix.platform.NotMemberException;
import io.pumpflix.platform.Routines;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class WorkflowRoutinesTest extends DatabaseTest {

    private static final String CREATE = "CALL create_workflow(?, ?, ?, ?, ?::jsonb, NULL)";


    UUID org;
    UUID user;
    WorkflowStore store;

    @BeforeEach
    void organizationWithMember() {
        org = newOrganization();
        user = newMember(org, Role.USER);
        store = new WorkflowStore(new Routines(jdbc));
    }

    @Test
    void createWorkflowInsertsTheWorkflowAndItsFirstVersionAsCurrent() {
        UUID id = callForId(CREATE, org, user, "Invoice sync", "nightly", "{\"nodes\": [1, 2]}");

        Workflow workflow = store.find(id).orElseThrow();
        assertThat(workflow.organizationId()).isEqualTo(org);
        assertThat(workflow.name()).isEqualTo("Invoice sync");
        assertThat(workflow.description()).isEqualTo("nightly");
        assertThat(workflow.template()).isFalse();
        assertThat(workflow.archived()).isFalse();
        assertThat(workflow.createdBy()).isEqualTo(user);
        assertThat(store.versions(id, 200, null).items()).singleElement().satisfies(version -> {
            assertThat(version.id()).isEqualTo(workflow.currentVersionId());
            assertThat(version.jsonSchema()).isEqualTo("{\"nodes\": [1, 2]}");
            assertThat(version.createdBy()).isEqualTo(user);
        });
    }

    @Test
    void createWorkflowRefusesEachInvalidInputAndLeavesNothingBehind() {
        UUID stranger = newMember(newOrganization(), Role.OWNER);
        assertRefused("P0002", "p_org_id", () -> callForId(CREATE, UUID.randomUUID(), user, "n", null, "{}"));
        assertRefused("P0002", "p_user_id", () -> callForId(CREATE, org, UUID.randomUUID(), "n", null, "{}"));
        assertRefused("42501", "p_user_id", () -> callForId(CREATE, org, stranger, "n", null, "{}"));
        assertRefused("22023", "p_name", () -> callForId(CREATE, org, user, "   ", null, "{}"));
        assertRefused("22023", "p_name", () -> callForId(CREATE, org, user, null, null, "{}"));
        assertRefused("22023", "p_json_schema", () -> callForId(CREATE, org, user, "n", null, "[1]"));
        assertRefused("22023", "p_json_schema", () -> callForId(CREATE, org, user, "n", null, "\"text\""));
        assertRefused("22023", "p_json_schema", () -> callForId(CREATE, org, user, "n", null, null));
        assertRefused("22023", "p_org_id", () -> callForId(CREATE, null, user, "n", null, "{}"));
    }

    @Test
    void dataLayerTurnsRefusalsIntoTypedExceptions() {
        assertThatThrownBy(() -> routines.createWorkflow(UUID.randomUUID(), user, "n", null, "{}"))
                .isInstanceOf(NotFoundException.class)
                .satisfies(e -> assertThat(((NotFoundException) e).parameter()).contains("p_org_id"));
        assertThatThrownBy(() -> routines.createWorkflow(org, user, "n", null, "[]"))
                .isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> routines.createWorkflow(org, user, "n", null, "{not json"))
                .isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> routines.cloneWorkflow(routines.createWorkflow(org, user, "n", null, "{}"),
                newMember(newOrganization(), Role.OWNER)))
                .isInstanceOf(NotMemberException.class);
    }

    @Test
    void versionsAreImmutable() {
        UUID id = routines.createWorkflow(org, user, "n", null, "{\"a\": 1}");
        UUID version = store.find(id).orElseThrow().currentVersionId();

        assertThat(sqlStateOf(() -> jdbc.sql("UPDATE workflow_versions SET json_schema = '{}' WHERE id = ?")
                .param(version).update())).isEqualTo("55000");
        assertThat(store.versions(id, 200, null).items().get(0).jsonSchema()).isEqualTo("{\"a\": 1}");
    }

    @Test
    void theCurrentVersionMustBelongToTheWorkflow() {
        UUID first = routines.createWorkflow(org, user, "first", null, "{}");
        UUID second = routines.createWorkflow(org, user, "second", null, "{}");
        UUID foreignVersion = store.find(second).orElseThrow().currentVersionId();

        assertThat(sqlStateOf(() -> jdbc.sql("UPDATE workflows SET current_version_id = ? WHERE id = ?")
                .params(foreignVersion, first).update())).isEqualTo("23503");
    }

    @Test
    void cloneCopiesTheCurrentVersionIntoANewWorkflowOfTheSameOrganization() {
        UUID original = routines.createWorkflow(org, user, "Lead router", "routes leads", "{\"v\": 1}");
        UUID cloner = newMember(org, Role.ADMIN);
        routines.archiveWorkflow(original);

        UUID copy = callForId("CALL clone_workflow(?, ?, NULL)", original, cloner);

        Workflow cloned = store.find(copy).orElseThrow();
        assertThat(cloned.organizationId()).isEqualTo(org);
        assertThat(cloned.name()).isEqualTo("Lead router (copy)");
        assertThat(cloned.description()).isEqualTo("routes leads");
        assertThat(cloned.template()).isFalse();
        assertThat(cloned.archived()).isFalse();
        assertThat(cloned.createdBy()).isEqualTo(cloner);
        assertThat(store.versions(copy, 200, null).items()).singleElement().satisfies(version -> {
            assertThat(version.id()).isEqualTo(cloned.currentVersionId());
            assertThat(version.jsonSchema()).isEqualTo("{\"v\": 1}");
            assertThat(version.createdBy()).isEqualTo(cloner);
        });
        Workflow unchanged = store.find(original).orElseThrow();
        assertThat(unchanged.name()).isEqualTo("Lead router");
        assertThat(unchanged.archived()).isTrue();
        assertThat(store.versions(original, 200, null).items()).hasSize(1);
    }

    @Test
    void cloneFollowsTheCurrentVersionNotTheNewest() {
        UUID original = routines.createWorkflow(org, user, "n", null, "{\"v\": 1}");
        UUID firstVersion = store.find(original).orElseThrow().currentVersionId();
        jdbc.sql("INSERT INTO workflow_versions (workflow_id, json_schema, created_by) VALUES (?, '{\"v\": 2}', ?)")
                .params(original, user).update();

        UUID copy = routines.cloneWorkflow(original, user);

        assertThat(store.find(original).orElseThrow().currentVersionId()).isEqualTo(firstVersion);
        assertThat(store.versions(copy, 200, null).items()).singleElement()
                .satisfies(version -> assertThat(version.jsonSchema()).isEqualTo("{\"v\": 1}"));
    }

    @Test
    void cloneRefusesEachInvalidInputAndLeavesNothingBehind() {
        UUID original = routines.createWorkflow(org, user, "n", null, "{}");
        UUID stranger = newMember(newOrganization(), Role.OWNER);
        String clone = "CALL clone_workflow(?, ?, NULL)";
        assertRefused("P0002", "p_original_workflow_id", () -> callForId(clone, UUID.randomUUID(), user));
        assertRefused("P0002", "p_cloned_by", () -> callForId(clone, original, UUID.randomUUID()));
        assertRefused("42501", "p_cloned_by", () -> callForId(clone, original, stranger));
        assertRefused("22023", "p_original_workflow_id", () -> callForId(clone, null, user));
    }

    @Test
    void archiveIsIdempotentAndRefusesUnknownWorkflows() {
        UUID id = routines.createWorkflow(org, user, "n", null, "{}");
        jdbc.sql("CALL archive_workflow(?)").param(id).update();
        jdbc.sql("CALL archive_workflow(?)").param(id).update();

        assertThat(store.find(id).orElseThrow().archived()).isTrue();
        assertRefused("P0002", "p_workflow_id",
                () -> jdbc.sql("CALL archive_workflow(?)").param(UUID.randomUUID()).update());
        assertThatThrownBy(() -> routines.archiveWorkflow(UUID.randomUUID())).isInstanceOf(NotFoundException.class);
    }

    @Test
    void theCurrentVersionCannotBeDeleted() {
        UUID id = routines.createWorkflow(org, user, "n", null, "{}");
        UUID version = store.find(id).orElseThrow().currentVersionId();

        assertThat(sqlStateOf(() -> jdbc.sql("DELETE FROM workflow_versions WHERE id = ?").param(version).update()))
                .isEqualTo("23503");
        assertThat(store.versions(id, 200, null).items()).hasSize(1);
    }
}
