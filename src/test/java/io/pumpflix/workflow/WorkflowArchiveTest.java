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
        UUID mine = workflows.create(owner.organizationId(), user.userId(), "mine", null, "{}");
        UUID theirs = workflows.create(owner.organizationId(), owner.userId(), "theirs", null, "{}");

        assertThatThrownBy(() -> service.archive(member(Role.VIEWER), mine)).isInstanceOf(NotAllowedException.class);
        assertThatThrownBy(() -> service.archive(user, theirs)).isInstanceOf(NotAllowedException.class);
        service.archive(user, mine);
        service.archive(member(Role.ADMIN), theirs);

        assertThat(workflows.find(mine).orElseThrow().archived()).isTrue();
        assertThat(workflows.find(theirs).orElseThrow().archived()).isTrue();
        assertThat(jdbc.sql("SELECT count(*) FROM audit_log WHERE action = 'workflow.archived' AND target_id IN (?, ?)")
                .params(mine, theirs).query(Long.class).single()).isEqualTo(2);
    }

    @Test
    void anotherOrganizationsWorkflowIsNotFound() {
        UUID id = workflows.create(owner.organizationId(), owner.userId(), "n", null, "{}");
        Actor rival = signedUpOwner();

        assertThatThrownBy(() -> service.archive(rival, id)).isInstanceOf(NotFoundException.class);
        assertThat(workflows.find(id).orElseThrow().archived()).isFalse();
    }
}
