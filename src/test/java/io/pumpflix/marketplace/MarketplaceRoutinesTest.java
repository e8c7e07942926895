package io.pumpflix.marketplace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pumpflix.DatabaseTest;
import io.pumpflix.identity.Role;
import io.pumpflix.platform.Rows;
import io.pumpflix.platform.InvalidInputException;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class MarketplaceRoutinesTest extends DatabaseTest {

    private static final String PUBLISH = "CALL create_template_from_workflow(?, ?, NULL)";



    UUID org;
    UUID user;
    UUID workflow;

    @BeforeEach
    void workflow() {
        org = newOrganization();
        user = newMember(org, Role.USER);
        workflow = routines.createWorkflow(org, user, "CRM sync", "two-way", "{}");
    }

    @Test
    void publishesATemplateWithTheWorkflowsNameAndMarksTheWorkflow() {
        UUID publisher = newMember(org, Role.ADMIN);
        UUID id = callForId(PUBLISH, workflow, publisher);

        Template template = template(id);
        assertThat(template.workflowId()).isEqualTo(workflow);
        assertThat(template.name()).isEqualTo("CRM sync");
        assertThat(template.description()).isEqualTo("two-way");
        assertThat(template.createdBy()).isEqualTo(publisher);
        assertThat(template.downloads()).isZero();
        assertThat(template.priceCents()).isZero();
        assertThat(isTemplate(workflow)).isTrue();
    }

    @Test
    void refusesEachInvalidInputAndLeavesNothingBehind() {
        UUID stranger = newMember(newOrganization(), Role.OWNER);
        assertRefused("P0002", "p_workflow_id", () -> callForId(PUBLISH, UUID.randomUUID(), user));
        assertRefused("22023", "p_workflow_id", () -> callForId(PUBLISH, null, user));
        assertRefused("P0002", "p_created_by", () -> callForId(PUBLISH, workflow, UUID.randomUUID()));
        assertRefused("42501", "p_created_by", () -> callForId(PUBLISH, workflow, stranger));

        routines.archiveWorkflow(workflow);
        assertRefused("22023", "p_workflow_id", () -> callForId(PUBLISH, workflow, user));
        assertThatThrownBy(() -> routines.publishTemplate(workflow, user)).isInstanceOf(InvalidInputException.class);
        assertThat(isTemplate(workflow)).isFalse();
    }

    @Test
    void anOutsiderLearnsNothingAboutAnArchivedWorkflow() {
        routines.archiveWorkflow(workflow);
        UUID stranger = newMember(newOrganization(), Role.OWNER);
        assertRefused("42501", "p_created_by", () -> callForId(PUBLISH, workflow, stranger));
    }

    private Template template(UUID id) {
        return jdbc.sql("""
                SELECT id, workflow_id, name, description, category_id, created_by, created_at, downloads, price_cents
                FROM templates WHERE id = ?""").param(id)
                .query((rs, n) -> new Template(Rows.uuid(rs, "id"), Rows.uuid(rs, "workflow_id"), rs.getString("name"),
                        rs.getString("description"), Rows.uuid(rs, "category_id"), Rows.uuid(rs, "created_by"),
                        Rows.instant(rs, "created_at"), rs.getInt("downloads"), rs.getInt("price_cents"))).single();
    }

    private boolean isTemplate(UUID workflowId) {
        return jdbc.sql("SELECT is_template FROM workflows WHERE id = ?").param(workflowId).query(Boolean.class).single();
    }
}
