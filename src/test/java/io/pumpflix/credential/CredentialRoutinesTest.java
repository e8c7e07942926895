package io.pumpflix.credential;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pumpflix.DatabaseTest;
import io.pumpflix.execution.ExecutionStatus;
import io.pumpflix.identity.Role;
import io.pumpflix.platform.NotMemberException;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CredentialRoutinesTest extends DatabaseTest {

    private static final String LOG = "CALL log_credential_usage(?, ?, ?, ?)";




    UUID org;
    UUID user;
    UUID credential;
    UUID workflow;
    UUID execution;

    @BeforeEach
    void organizationWithACredentialAndAnExecution() {
        org = newOrganization();
        user = newMember(org, Role.USER);
        credential = insertCredential(org, "Stripe", "api_key");
        workflow = routines.createWorkflow(org, user, "n", null, "{}");
        execution = routines.logExecution(workflow, "running", null, null);
    }

    /** Secrets are stored by the credential vault (security issue); a placeholder ciphertext suffices here. */
    private UUID insertCredential(UUID organization, String name, String type) {
        return jdbc.sql("""
                INSERT INTO credentials (name, type, organization_id, encrypted_value)
                VALUES (?, ?, ?, 'v1:test:AAAA') RETURNING id""").params(name, type, organization)
                .query(UUID.class).single();
    }

    @Test
    void logsOneUsageWithOrWithoutWorkflowAndExecution() {
        jdbc.sql(LOG).params(credential, user, workflow, execution).update();
        jdbc.sql(LOG).params(credential, user, null, null).update();
        jdbc.sql(LOG).params(credential, user, workflow, null).update();
        routines.logCredentialUsage(credential, user, null, execution);

        List<Map<String, Object>> rows = jdbc.sql("""
                SELECT user_id, workflow_id, execution_id, used_at FROM credential_usage_logs
                WHERE credential_id = ? ORDER BY used_at, workflow_id NULLS FIRST""").param(credential)
                .query().listOfRows();
        assertThat(rows).hasSize(4).allSatisfy(row -> {
            assertThat(row.get("user_id")).isEqualTo(user);
            assertThat(row.get("used_at")).isNotNull();
        });
        assertThat(rows).filteredOn(row -> execution.equals(row.get("execution_id"))).hasSize(2);
    }

    @Test
    void refusesEachInvalidInputAndLeavesNothingBehind() {
        UUID otherOrg = newOrganization();
        UUID stranger = newMember(otherOrg, Role.OWNER);
        UUID otherWorkflow = routines.createWorkflow(otherOrg, stranger, "n", null, "{}");
        UUID otherExecution = routines.logExecution(otherWorkflow, "success", null, null);
        UUID sameOrgWorkflow = routines.createWorkflow(org, user, "m", null, "{}");

        assertRefused("P0002", "p_credential_id", () -> jdbc.sql(LOG).params(UUID.randomUUID(), user, null, null).update());
        assertRefused("22023", "p_credential_id", () -> jdbc.sql(LOG).params(null, user, null, null).update());
        assertRefused("P0002", "p_user_id", () -> jdbc.sql(LOG).params(credential, UUID.randomUUID(), null, null).update());
        assertRefused("22023", "p_user_id", () -> jdbc.sql(LOG).params(credential, null, workflow, null).update());
        assertRefused("42501", "p_user_id", () -> jdbc.sql(LOG).params(credential, stranger, null, null).update());
        assertRefused("P0002", "p_workflow_id", () -> jdbc.sql(LOG).params(credential, user, UUID.randomUUID(), null).update());
        assertRefused("42501", "p_workflow_id", () -> jdbc.sql(LOG).params(credential, user, otherWorkflow, null).update());
        assertRefused("P0002", "p_execution_id", () -> jdbc.sql(LOG).params(credential, user, workflow, UUID.randomUUID()).update());
        assertRefused("22023", "p_execution_id", () -> jdbc.sql(LOG).params(credential, user, sameOrgWorkflow, execution).update());
        assertRefused("42501", "p_execution_id", () -> jdbc.sql(LOG).params(credential, user, null, otherExecution).update());
        assertThatThrownBy(() -> routines.logCredentialUsage(credential, stranger, null, null))
                .isInstanceOf(NotMemberException.class);
    }

    @Test
    void aRunNoPersonStartedLogsItsUseWithoutAUser() {
        jdbc.sql(LOG).params(credential, null, workflow, execution).update();

        assertThat(jdbc.sql("SELECT count(*) FROM credential_usage_logs WHERE credential_id = ? AND user_id IS NULL"
                + " AND execution_id = ?").params(credential, execution).query(Long.class).single()).isEqualTo(1);
    }

    @Test
    void usageRowsOutliveWhatTheyName() {
        routines.logCredentialUsage(credential, user, workflow, execution);
        jdbc.sql("DELETE FROM credentials WHERE id = ?").param(credential).update();

        assertThat(jdbc.sql("SELECT count(*) FROM credential_usage_logs WHERE credential_id = ?").param(credential)
                .query(Long.class).single()).isEqualTo(1);
    }

    @Test
    void listsTheOrganizationsCredentialsByNameThenIdWithoutValues() {
        UUID zeta = insertCredential(org, "Zeta", "oauth");
        UUID alphaOne = insertCredential(org, "Alpha", "basic");
        UUID alphaTwo = insertCredential(org, "Alpha", "basic");
        insertCredential(newOrganization(), "Foreign", "api_key");
        List<UUID> alphas = alphaOne.toString().compareTo(alphaTwo.toString()) < 0 ? List.of(alphaOne, alphaTwo) : List.of(alphaTwo, alphaOne);

        List<Map<String, Object>> rows = jdbc.sql("SELECT * FROM get_credentials_for_workflow(?)").param(user)
                .query().listOfRows();

        assertThat(rows).extracting(row -> row.keySet()).allSatisfy(
                columns -> assertThat(columns).containsExactly("id", "name", "type"));
        assertThat(rows).extracting(row -> row.get("id"))
                .containsExactly(alphas.get(0), alphas.get(1), credential, zeta);
        assertThat(routines.credentialsFor(user)).extracting(CredentialSummary::name)
                .containsExactly("Alpha", "Alpha", "Stripe", "Zeta");
    }

    @Test
    void listsNothingForAnUnknownUserOrAUserWithoutOrganization() {
        UUID loner = jdbc.sql("INSERT INTO users (email) VALUES (?) RETURNING id")
                .param(UUID.randomUUID() + "@example.test").query(UUID.class).single();
        assertThat(routines.credentialsFor(UUID.randomUUID())).isEmpty();
        assertThat(routines.credentialsFor(loner)).isEmpty();
    }
}
