package io.pumpflix.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pumpflix.DatabaseTest;
import io.pumpflix.identity.Actor;
import io.pumpflix.identity.Role;
import io.pumpflix.platform.Audited;
import io.pumpflix.platform.NotAllowedException;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;

class AuditTrailTest extends DatabaseTest {

    @Autowired
    AuditTrail audit;

    @Autowired
    ApplicationEventPublisher events;

    @Autowired
    JdbcClient runtime;

    Actor owner;

    @BeforeEach
    void organization() {
        owner = signedUpOwner();
        as(owner, () -> events.publishEvent(owner.audited("test.recorded", "workflow", UUID.randomUUID(),
                Map.of("quote", "he said \"hi\""))));
    }

    private List<AuditEntry> newest(Actor actor, int limit) {
        return as(actor, () -> audit.newest(actor, limit));
    }

    @Test
    void theRuntimeRoleMayAppendAndReadButNeverChangeOrDelete() {
        List<AuditEntry> entries = newest(owner, 10);
        assertThat(entries).extracting(AuditEntry::action).contains("test.recorded", "organization.created");
        assertThat(entries).filteredOn(e -> e.action().equals("test.recorded")).singleElement()
                .satisfies(e -> {
                    assertThat(e.details()).isEqualTo("{\"quote\": \"he said \\\"hi\\\"\"}");
                    assertThat(e.actorKind()).isEqualTo("user");
                    assertThat(e.actorId()).isEqualTo(owner.userId());
                });

        for (String change : List.of("UPDATE audit_log SET action = 'x.y'", "DELETE FROM audit_log",
                "TRUNCATE audit_log")) {
            String state = sqlStateOf(() -> tenants.run(owner.organizationId(), owner.userId(),
                    () -> runtime.sql(change).update()));
            assertThat(state).as(change).isEqualTo("42501");
        }
        assertThat(newest(owner, 10)).isEqualTo(entries);
    }

    @Test
    void theSystemPrincipalAndMaintenanceAreNamedAsSuch() {
        Actor system = Actor.system(owner.organizationId());
        tenants.run(owner.organizationId(), null, () -> events.publishEvent(system.audited("test.by_system", "workflow",
                UUID.randomUUID(), Map.of())));
        owner().transaction(() -> {
            events.publishEvent(Audited.maintenance(owner.organizationId(), "test.by_maintenance", null, null, Map.of()));
            return null;
        });

        assertThat(newest(owner, 10)).filteredOn(e -> e.action().startsWith("test.by_"))
                .extracting(AuditEntry::action, AuditEntry::actorKind, AuditEntry::actorId)
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("test.by_system", "system", null),
                        org.assertj.core.groups.Tuple.tuple("test.by_maintenance", "maintenance", null));
    }

    @Test
    void onlyOwnersAndAdminsReadTheTrailAndTheSystemNever() {
        Actor user = invited(owner, Role.USER);
        assertThatThrownBy(() -> newest(user, 10)).isInstanceOf(NotAllowedException.class);
        Actor system = Actor.system(owner.organizationId());
        assertThatThrownBy(() -> tenants.call(owner.organizationId(), null, () -> audit.newest(system, 10)))
                .isInstanceOf(NotAllowedException.class);
    }

    @Test
    void evenTheOwnerCannotRewriteHistory() {
        assertThat(sqlStateOf(() -> jdbc.sql("UPDATE audit_log SET action = 'x.y' WHERE organization_id = ?")
                .param(owner.organizationId()).update())).isEqualTo("42501");
        assertThat(sqlStateOf(() -> jdbc.sql("DELETE FROM audit_log WHERE organization_id = ?")
                .param(owner.organizationId()).update())).isEqualTo("42501");
    }

    @Test
    void writingOutsideATenantTransactionIsAProgrammingError() {
        assertThatThrownBy(() -> events.publishEvent(owner.audited("test.stray", null, null, Map.of())))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void eachOrganizationReadsOnlyItsOwnTrail() {
        Actor rival = signedUpOwner();
        List<AuditEntry> seen = newest(rival, 1000);
        assertThat(seen).isNotEmpty().allSatisfy(e -> assertThat(e.organizationId()).isEqualTo(rival.organizationId()));
    }
}
