package io.pumpflix.credential;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.pumpflix.DatabaseTest;
import io.pumpflix.execution.ExecutionStatus;
import io.pumpflix.identity.Accounts;
import io.pumpflix.identity.Actor;
import io.pumpflix.identity.Members;
import io.pumpflix.identity.Role;
import io.pumpflix.platform.NotAllowedException;
import io.pumpflix.platform.NotFoundException;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

@ExtendWith(OutputCaptureExtension.class)
class CredentialVaultTest extends DatabaseTest {


    @Autowired
    CredentialVault vault;

    @Autowired
    Accounts accounts;

    @Autowired
    Members memberService;

    Actor owner;
    String plaintext;

    @BeforeEach
    void organization() {
        owner = accounts.signUp("Acme", UUID.randomUUID() + "@example.test", PASSWORD);
        plaintext = "sk_live_" + UUID.randomUUID().toString().replace("-", "");
    }

    private Actor member(Role role) {
        UUID id = memberService.invite(owner, UUID.randomUUID() + "@example.test", role, PASSWORD);
        return new Actor(id, owner.organizationId(), role);
    }

    private String reveal(Actor actor, UUID credential) {
        try (Secret secret = vault.reveal(actor, credential, null, null)) {
            return new String(secret.reveal());
        }
    }

    @Test
    void storesOnlyCiphertextAndRevealsTheSecretToItsOrganization(CapturedOutput output) {
        UUID id = vault.create(owner, "Stripe", "api_key", Secret.of(plaintext.toCharArray()));

        String stored = jdbc.sql("SELECT encrypted_value FROM credentials WHERE id = ?").param(id)
                .query(String.class).single();
        assertThat(stored).matches("v1:[A-Za-z0-9_-]+:[A-Za-z0-9+/=]+").doesNotContain(plaintext);
        assertThat(reveal(member(Role.USER), id)).isEqualTo(plaintext);
        assertThat(vault.list(member(Role.VIEWER))).containsExactly(new CredentialSummary(id, "Stripe", "api_key"));
        assertThat(vault.list(owner).toString()).doesNotContain(plaintext);

        assertThat(plaintextColumns()).as("a text column of any table holds the secret").isEmpty();
        assertThat(output.getAll()).doesNotContain(plaintext);
    }

    @Test
    void twoEncryptionsOfOneSecretDiffer() {
        UUID first = vault.create(owner, "a", "api_key", Secret.of(plaintext.toCharArray()));
        UUID second = vault.create(owner, "b", "api_key", Secret.of(plaintext.toCharArray()));
        vault.replaceSecret(owner, second, Secret.of(plaintext.toCharArray()));
        assertThat(storedValue(first)).isNotEqualTo(storedValue(second));
    }

    @Test
    void revealingIsLoggedAsUsageAndAudited() {
        UUID id = vault.create(owner, "Stripe", "api_key", Secret.of(plaintext.toCharArray()));
        UUID workflow = workflows.create(owner.organizationId(), owner.userId(), "wf", null, "{}");
        UUID execution = executions.log(workflow, ExecutionStatus.RUNNING, null, null);

        vault.reveal(owner, id, workflow, execution).close();

        assertThat(jdbc.sql("SELECT count(*) FROM credential_usage_logs WHERE credential_id = ? AND execution_id = ?")
                .params(id, execution).query(Long.class).single()).isEqualTo(1);
        assertThat(jdbc.sql("SELECT action FROM audit_log WHERE target_id = ? ORDER BY created_at, action")
                .param(id).query(String.class).list()).contains("credential.created", "credential.secret_read");
    }

    @Test
    void aCiphertextMovedToAnotherCredentialOrOrganizationFailsToDecrypt() {
        UUID victim = vault.create(owner, "Stripe", "api_key", Secret.of(plaintext.toCharArray()));
        UUID sameOrg = vault.create(owner, "Other", "api_key", Secret.of("other".toCharArray()));
        Actor rival = accounts.signUp("Rival", UUID.randomUUID() + "@example.test", PASSWORD);
        UUID otherOrg = vault.create(rival, "Rival", "api_key", Secret.of("rival".toCharArray()));

        for (UUID target : List.of(sameOrg, otherOrg)) {
            jdbc.sql("UPDATE credentials SET encrypted_value = ? WHERE id = ?").params(storedValue(victim), target).update();
        }

        Throwable sameOrgFailure = catchThrowable(() -> reveal(owner, sameOrg));
        Throwable otherOrgFailure = catchThrowable(() -> reveal(rival, otherOrg));
        assertThat(List.of(sameOrgFailure, otherOrgFailure)).allSatisfy(failure -> assertThat(failure)
                .isInstanceOf(CredentialUnreadableException.class).hasMessageContaining("does not authenticate")
                .hasMessageNotContaining(plaintext));
        assertThat(reveal(owner, victim)).isEqualTo(plaintext);
        // Rows corrupted on purpose go, so that key rotation in other tests meets only sound ones.
        jdbc.sql("DELETE FROM credentials WHERE id IN (?, ?)").params(sameOrg, otherOrg).update();
    }

    @Test
    void anotherOrganizationsCredentialIsNotFound() {
        UUID id = vault.create(owner, "Stripe", "api_key", Secret.of(plaintext.toCharArray()));
        Actor rival = accounts.signUp("Rival", UUID.randomUUID() + "@example.test", PASSWORD);

        assertThatThrownBy(() -> vault.reveal(rival, id, null, null)).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> vault.delete(rival, id)).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> vault.replaceSecret(rival, id, Secret.of("x".toCharArray())))
                .isInstanceOf(NotFoundException.class);
        assertThat(reveal(owner, id)).isEqualTo(plaintext);
    }

    @Test
    void onlyOwnersAndAdminsManageCredentialsAndViewersNeverReadSecrets() {
        UUID id = vault.create(member(Role.ADMIN), "Stripe", "api_key", Secret.of(plaintext.toCharArray()));
        Actor user = member(Role.USER);
        Actor viewer = member(Role.VIEWER);

        assertThatThrownBy(() -> vault.create(user, "x", "api_key", Secret.of("x".toCharArray())))
                .isInstanceOf(NotAllowedException.class);
        assertThatThrownBy(() -> vault.delete(user, id)).isInstanceOf(NotAllowedException.class);
        assertThatThrownBy(() -> vault.reveal(viewer, id, null, null)).isInstanceOf(NotAllowedException.class);
        vault.delete(owner, id);
        assertThat(vault.list(owner)).isEmpty();
        assertThat(jdbc.sql("SELECT action FROM audit_log WHERE target_id = ?").param(id).query(String.class).list())
                .contains("credential.created", "credential.deleted");
    }

    @Test
    void secretsNeverShowInToString() {
        Secret secret = Secret.of(plaintext.toCharArray());
        assertThat(secret.toString()).doesNotContain(plaintext);
        assertThat(List.of(secret).toString()).doesNotContain(plaintext);
    }

    private String storedValue(UUID id) {
        return jdbc.sql("SELECT encrypted_value FROM credentials WHERE id = ?").param(id).query(String.class).single();
    }

    /** Every text-like column of every table, searched for the plaintext. */
    private List<String> plaintextColumns() {
        List<Map<String, Object>> columns = jdbc.sql("""
                SELECT table_schema, table_name, column_name FROM information_schema.columns
                WHERE table_schema IN ('public', 'pumpflix') AND data_type IN ('text', 'jsonb', 'character varying')
                  AND table_name IN (SELECT table_name FROM information_schema.tables WHERE table_type = 'BASE TABLE')""")
                .query().listOfRows();
        assertThat(columns).hasSizeGreaterThan(20);
        return columns.stream()
                .filter(c -> jdbc.sql("SELECT count(*) FROM %s.%s WHERE %s::text LIKE ?".formatted(c.get("table_schema"),
                        c.get("table_name"), c.get("column_name"))).param("%" + plaintext + "%").query(Long.class)
                        .single() > 0)
                .map(c -> c.get("table_name") + "." + c.get("column_name"))
                .toList();
    }
}
