package io.pumpflix.marketplace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pumpflix.DatabaseTest;
import io.pumpflix.identity.Role;
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
        workflow = workflows.create(org, user, "CRM sync", "two-way", "{}");
    }

    @Test
    void publishesATemplateWithTheWorkflowsNameAndMarksTheWorkflow() {
        UUID publisher = newMember(org, Role.ADMIN);
        UUID id = callForId(PUBLISH, workflow, publisher);

        Template template = marketplace.find(id).orElseThrow();
        assertThat(template.workflowId()).isEqualTo(workflow);
        assertThat(template.name()).isEqualTo("CRM sync");
        assertThat(template.description()).isEqualTo("two-way");
        assertThat(template.createdBy()).isEqualTo(publisher);
        assertThat(template.downloads()).isZero();
        assertThat(template.priceCents()).isZero();
        assertThat(workflows.find(workflow).orElseThrow().template()).isTrue();
    }

    @Test
    void refusesEachInvalidInputAndLeavesNothingBehind() {
        UUID stranger = newMember(newOrganization(), Role.OWNER);
        assertRefused("P0002", "p_workflow_id", () -> callForId(PUBLISH, UUID.randomUUID(), user));
        assertRefused("22023", "p_workflow_id", () -> callForId(PUBLISH, null, user));
        assertRefused("P0002", "p_created_by", () -> callForId(PUBLISH, workflow, UUID.randomUUID()));
        assertRefused("42501", "p_created_by", () -> callForId(PUBLISH, workflow, stranger));

        workflows.archive(workflow);
        assertRefused("22023", "p_workflow_id", () -> callForId(PUBLISH, workflow, user));
        assertThatThrownBy(() -> marketplace.publish(workflow, user)).isInstanceOf(InvalidInputException.class);
        assertThat(workflows.find(workflow).orElseThrow().template()).isFalse();
    }

    @Test
    void anOutsiderLearnsNothingAboutAnArchivedWorkflow() {
        workflows.archive(workflow);
        UUID stranger = newMember(newOrganization(), Role.OWNER);
        assertRefused("42501", "p_created_by", () -> callForId(PUBLISH, workflow, stranger));
    }
}
