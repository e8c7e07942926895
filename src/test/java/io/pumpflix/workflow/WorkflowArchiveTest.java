package io.pumpflix.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pumpflix.DatabaseTest;
import io.pumpflix.identity.Actor;
import io.pumpflix.identity.Role;
import io.pumpflix.platform.NotAllowedException;
import io.pumpflix.platform.NotFoundException;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

class WorkflowArchiveTest extends DatabaseTest {

    @Autowired
    Workflows service;

    Actor owner;

    @BeforeEach
    void organization() {
        owner = signedUpOwner();
    }

    private Actor member(Role role) {
        return invited(owner, role);
    }

    @Test
    void usersArchiveTheirOwnWorkflowsAdminsAnyViewersNone() {
        Actor user = member(Role.USER);
        UUID mine = routines.createWorkflow(owner.organizationId(), user.userId(), "mine", null, "{}");
        UUID theirs = routines.createWorkflow(owner.organizationId(), owner.userId(), "theirs", null, "{}");
        Actor viewer = member(Role.VIEWER);
        Actor admin = member(Role.ADMIN);

        assertThatThrownBy(() -> as(viewer, () -> service.archive(viewer, mine))).isInstanceOf(NotAllowedException.class);
        assertThatThrownBy(() -> as(user, () -> service.archive(user, theirs))).isInstanceOf(NotAllowedException.class);
        as(user, () -> service.archive(user, mine));
        as(admin, () -> service.archive(admin, theirs));

        assertThat(archived(mine)).isTrue();
        assertThat(archived(theirs)).isTrue();
        assertThat(jdbc.sql("SELECT count(*) FROM audit_log WHERE action = 'workflow.archived' AND target_id IN (?, ?)")
                .params(mine, theirs).query(Long.class).single()).isEqualTo(2);
    }

    @Test
    void anotherOrganizationsWorkflowIsNotFound() {
        UUID id = routines.createWorkflow(owner.organizationId(), owner.userId(), "n", null, "{}");
        Actor rival = signedUpOwner();

        assertThatThrownBy(() -> as(rival, () -> service.archive(rival, id))).isInstanceOf(NotFoundException.class);
        assertThat(archived(id)).isFalse();
    }

    @Test
    void aModuleApiRefusesToWorkOutsideATenantScope() {
        UUID id = routines.createWorkflow(owner.organizationId(), owner.userId(), "n", null, "{}");
        assertThatThrownBy(() -> service.archive(owner, id)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no tenant scope is open");
        Actor rival = signedUpOwner();
        assertThatThrownBy(() -> as(rival, () -> service.archive(owner, id))).isInstanceOf(IllegalStateException.class);
        assertThat(archived(id)).isFalse();
    }

    private boolean archived(UUID workflowId) {
        return jdbc.sql("SELECT is_archived FROM workflows WHERE id = ?").param(workflowId).query(Boolean.class).single();
    }
}
