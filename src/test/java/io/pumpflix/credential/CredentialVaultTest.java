package io.pumpflix.credential;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.pumpflix.DatabaseTest;
import io.pumpflix.identity.Actor;
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

    Actor owner;
    String plaintext;

    @BeforeEach
    void organization() {
        owner = signedUpOwner();
        plaintext = "sk_live_" + UUID.randomUUID().toString().replace("-", "");
    }

    private Actor member(Role role) {
        return invited(owner, role);
    }

    private String reveal(Actor actor, UUID credential) {
        return as(actor, () -> {
            try (Secret secret = vault.reveal(actor, credential, null, null)) {
                return new String(secret.reveal());
            }
        });
    }

    private UUID create(Actor actor, String name, String value) {
        return as(actor, () -> vault.create(actor, name, "api_key", Secret.of(value.toCharArray())).id());
    }

    private List<CredentialSummary> list(Actor actor) {
        return as(actor, () -> vault.list(actor));
    }

    @Test
    void storesOnlyCiphertextAndRevealsTheSecretToItsOrganization(CapturedOutput output) {
        UUID id = create(owner, "Stripe", plaintext);

        String stored = jdbc.sql("SELECT encrypted_value FROM credentials WHERE id = ?").param(id)
                .query(String.class).single();
        assertThat(stored).matches("v1:[A-Za-z0-9_-]+:[A-Za-z0-9+/=]+").doesNotContain(plaintext);
        assertThat(reveal(member(Role.USER), id)).isEqualTo(plaintext);
        assertThat(list(member(Role.VIEWER))).containsExactly(new CredentialSummary(id, "Stripe", "api_key"));
        assertThat(list(owner).toString()).doesNotContain(plaintext);

        assertThat(plaintextColumns()).as("a text column of any table holds the secret").isEmpty();
        assertThat(output.getAll()).doesNotContain(plaintext);
    }

    @Test
    void twoEncryptionsOfOneSecretDiffer() {
        UUID first = create(owner, "a", plaintext);
        UUID second = create(owner, "b", plaintext);
        as(owner, () -> vault.replaceSecret(owner, second, Secret.of(plaintext.toCharArray())));
        assertThat(storedValue(first)).isNotEqualTo(storedValue(second));
    }

    @Test
    void revealingIsLoggedAsUsageAndAudited() {
        UUID id = create(owner, "Stripe", plaintext);
        UUID workflow = routines.createWorkflow(owner.organizationId(), owner.userId(), "wf", null, "{}");
        UUID execution = routines.logExecution(workflow, "running", null, null);

        as(owner, () -> vault.reveal(owner, id, workflow, execution).close());

        assertThat(jdbc.sql("SELECT count(*) FROM credential_usage_logs WHERE credential_id = ? AND execution_id = ?")
                .params(id, execution).query(Long.class).single()).isEqualTo(1);
        assertThat(jdbc.sql("SELECT action FROM audit_log WHERE target_id = ? ORDER BY created_at, action")
                .param(id).query(String.class).list()).contains("credential.created", "credential.secret_read");
    }

    @Test
    void aCiphertextMovedToAnotherCredentialOrOrganizationFailsToDecrypt() {
        UUID victim = create(owner, "Stripe", plaintext);
        UUID sameOrg = create(owner, "Other", "other");
        Actor rival = signedUpOwner();
        UUID otherOrg = create(rival, "Rival", "rival");

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
        UUID id = create(owner, "Stripe", plaintext);
        Actor rival = signedUpOwner();

        assertThatThrownBy(() -> reveal(rival, id)).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> as(rival, () -> vault.delete(rival, id))).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> as(rival, () -> vault.replaceSecret(rival, id, Secret.of("x".toCharArray()))))
                .isInstanceOf(NotFoundException.class);
        assertThat(reveal(owner, id)).isEqualTo(plaintext);
    }

    @Test
    void onlyOwnersAndAdminsManageCredentialsAndViewersNeverReadSecrets() {
        UUID id = create(member(Role.ADMIN), "Stripe", plaintext);
        Actor user = member(Role.USER);
        Actor viewer = member(Role.VIEWER);

        assertThatThrownBy(() -> create(user, "x", "x"))
                .isInstanceOf(NotAllowedException.class);
        assertThatThrownBy(() -> as(user, () -> vault.delete(user, id))).isInstanceOf(NotAllowedException.class);
        assertThatThrownBy(() -> reveal(viewer, id)).isInstanceOf(NotAllowedException.class);
        as(owner, () -> vault.delete(owner, id));
        assertThat(list(owner)).isEmpty();
        assertThat(jdbc.sql("SELECT action FROM audit_log WHERE target_id = ?").param(id).query(String.class).list())
                .contains("credential.created", "credential.deleted");
    }

    @Test
    void theSystemPrincipalUsesItsOrganizationsCredentialsAndManagesNone() {
        UUID id = create(owner, "Stripe", plaintext);
        UUID workflow = routines.createWorkflow(owner.organizationId(), owner.userId(), "wf", null, "{}");
        UUID execution = routines.logExecution(workflow, "running", null, null);
        Actor system = Actor.system(owner.organizationId());

        String revealed = tenants.call(owner.organizationId(), null, () -> {
            try (Secret secret = vault.reveal(system, id, workflow, execution)) {
                return new String(secret.reveal());
            }
        });

        assertThat(revealed).isEqualTo(plaintext);
        assertThat(jdbc.sql("SELECT count(*) FROM credential_usage_logs WHERE credential_id = ? AND user_id IS NULL"
                + " AND execution_id = ?").params(id, execution).query(Long.class).single()).isEqualTo(1);
        assertThat(jdbc.sql("SELECT actor_kind FROM audit_log WHERE target_id = ? AND action = 'credential.secret_read'")
                .param(id).query(String.class).list()).containsExactly("system");
        assertThatThrownBy(() -> tenants.call(owner.organizationId(), null,
                () -> vault.create(system, "x", "api_key", Secret.of("x".toCharArray()))))
                .isInstanceOf(NotAllowedException.class);
        assertThatThrownBy(() -> tenants.run(owner.organizationId(), null, () -> vault.delete(system, id)))
                .isInstanceOf(NotAllowedException.class);
        Actor rival = signedUpOwner();
        Actor rivalSystem = Actor.system(rival.organizationId());
        assertThatThrownBy(() -> tenants.call(rival.organizationId(), null, () -> vault.reveal(rivalSystem, id, null, null)))
                .isInstanceOf(NotFoundException.class);
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
