package io.pumpflix.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.pumpflix.DatabaseTest;
import io.pumpflix.identity.Accounts;
import io.pumpflix.identity.Actor;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

class AuditTrailTest extends DatabaseTest {

    @Autowired
    AuditTrail audit;

    @Autowired
    Accounts accounts;

    @Autowired
    JdbcClient runtime;

    Actor owner;

    @BeforeEach
    void organization() {
        owner = accounts.signUp("Acme", UUID.randomUUID() + "@example.test", "correct horse battery".toCharArray());
        tenants.run(owner.organizationId(), owner.userId(), () -> audit.record(owner.organizationId(), owner.userId(),
                "test.recorded", "workflow", UUID.randomUUID(), Map.of("quote", "he said \"hi\"")));
    }

    @Test
    void theRuntimeRoleMayAppendAndReadButNeverChangeOrDelete() {
        List<AuditEntry> entries = tenants.call(owner.organizationId(), owner.userId(), () -> audit.newest(10));
        assertThat(entries).extracting(AuditEntry::action).contains("test.recorded", "organization.created");
        assertThat(entries).filteredOn(e -> e.action().equals("test.recorded")).singleElement()
                .satisfies(e -> assertThat(e.details()).isEqualTo("{\"quote\": \"he said \\\"hi\\\"\"}"));

        for (String change : List.of("UPDATE audit_log SET action = 'x.y'", "DELETE FROM audit_log",
                "TRUNCATE audit_log")) {
            String state = sqlStateOf(() -> tenants.run(owner.organizationId(), owner.userId(),
                    () -> runtime.sql(change).update()));
            assertThat(state).as(change).isEqualTo("42501");
        }
        assertThat(tenants.call(owner.organizationId(), owner.userId(), () -> audit.newest(10))).isEqualTo(entries);
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
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> audit.record(owner.organizationId(), owner.userId(),
                "test.stray", null, null, Map.of())).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void eachOrganizationReadsOnlyItsOwnTrail() {
        Actor rival = accounts.signUp("Rival", UUID.randomUUID() + "@example.test", "correct horse battery".toCharArray());
        List<AuditEntry> seen = tenants.call(rival.organizationId(), rival.userId(), () -> audit.newest(1000));
        assertThat(seen).isNotEmpty().allSatisfy(e -> assertThat(e.organizationId()).isEqualTo(rival.organizationId()));
    }
}
