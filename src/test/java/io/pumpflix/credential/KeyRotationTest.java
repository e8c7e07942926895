package io.pumpflix.credential;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pumpflix.DatabaseTest;
import io.pumpflix.identity.Actor;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

@ExtendWith(OutputCaptureExtension.class)
class KeyRotationTest extends DatabaseTest {


    @Autowired
    CredentialVault vault;

    @Autowired
    KeyManagement keys;

    @Autowired
    KeyringSource keyring;

    @Autowired
    KeyringCheck check;

    private final ByteArrayOutputStream console = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(console, true, StandardCharsets.UTF_8);

    private record Stored(Actor owner, UUID id, String plaintext) {
    }

    private List<Stored> credentialsInTwoOrganizations(int each) {
        List<Stored> stored = new ArrayList<>();
        for (int org = 0; org < 2; org++) {
            Actor owner = signedUpOwner();
            for (int i = 0; i < each; i++) {
                String plaintext = "secret-" + UUID.randomUUID();
                String name = "c" + i;
                stored.add(new Stored(owner, as(owner, () -> vault.create(owner, name, "api_key",
                        Secret.of(plaintext.toCharArray())).id()), plaintext));
            }
        }
        return stored;
    }

    private String keyIdOf(UUID credential) {
        return CredentialCipher.keyIdOf(jdbc.sql("SELECT encrypted_value FROM credentials WHERE id = ?").param(credential)
                .query(String.class).single());
    }

    private void assertAllReadable(List<Stored> stored) {
        for (Stored s : stored) {
            as(s.owner(), () -> {
                try (Secret secret = vault.reveal(s.owner(), s.id(), null, null)) {
                    assertThat(new String(secret.reveal())).isEqualTo(s.plaintext());
                }
            });
        }
    }

    @Test
    void rotationReEncryptsEverythingAndTheOldKeyCanThenBeRetired() {
        List<Stored> stored = credentialsInTwoOrganizations(3);
        String oldKey = keyring.current().primary().id();

        assertThat(keys.rotate(out)).isZero();

        String newKey = keyring.current().primary().id();
        assertThat(newKey).isNotEqualTo(oldKey);
        assertThat(stored).allSatisfy(s -> assertThat(keyIdOf(s.id())).isEqualTo(newKey));
        assertThat(keys.usage()).doesNotContainKey(oldKey);
        assertAllReadable(stored);
        assertThat(console.toString(StandardCharsets.UTF_8)).contains("Added key " + newKey, "Re-encrypted");
        assertThat(jdbc.sql("SELECT count(*) FROM audit_log WHERE action = 'credential.reencrypted' AND target_id = ?")
                .param(stored.get(0).id()).query(Long.class).single()).isEqualTo(1);

        keys.retire(oldKey, out);
        assertThat(keyring.current().ids()).doesNotContain(oldKey);
        assertAllReadable(stored);
    }

    @Test
    void anInterruptedRotationResumesWithoutASecondKey() {
        List<Stored> stored = credentialsInTwoOrganizations(3);
        keyring.addPrimaryKey();
        int keysAfterFirstStep = keyring.current().ids().size();
        keys.reencrypt(out, 1, 1);  // the run is cut short after one batch of one credential
        String primary = keyring.current().primary().id();
        assertThat(stored.stream().filter(s -> !keyIdOf(s.id()).equals(primary))).hasSizeGreaterThanOrEqualTo(5);
        assertAllReadable(stored);

        assertThat(keys.rotate(out)).isZero();

        assertThat(keyring.current().ids()).hasSize(keysAfterFirstStep);
        assertThat(stored).allSatisfy(s -> assertThat(keyIdOf(s.id())).isEqualTo(primary));
        assertThat(console.toString(StandardCharsets.UTF_8)).contains("unfinished");
        assertAllReadable(stored);
    }

    @Test
    void aKeyInUseOrThePrimaryKeyCannotBeRetired() {
        List<Stored> stored = credentialsInTwoOrganizations(1);
        String primary = keyring.current().primary().id();
        assertThatThrownBy(() -> keys.retire(primary, out)).hasMessageContaining("primary");
        keyring.addPrimaryKey();
        assertThatThrownBy(() -> keys.retire(primary, out)).hasMessageContaining("still protects");
        assertThat(keyring.current().ids()).contains(primary);
        assertAllReadable(stored);
        keys.rotate(out);
    }

    @Test
    void startUpNamesTheMissingKeyAndHowManyRowsNeedItWithoutTouchingThem(CapturedOutput output) {
        Actor owner = signedUpOwner();
        for (int i = 0; i < 2; i++) {
            jdbc.sql("INSERT INTO credentials (name, type, organization_id, encrypted_value) VALUES (?, 'x', ?, ?)")
                    .params("lost" + i, owner.organizationId(), "v1:lostkey42:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA").update();
        }

        check.run(null);
        keys.status(out);

        assertThat(keys.missing()).containsEntry("lostkey42", 2L);
        assertThat(output.getAll()).contains("2 credential(s) are encrypted under key id 'lostkey42'");
        assertThat(console.toString(StandardCharsets.UTF_8)).contains("lostkey42").contains("MISSING");
        assertThat(keys.rotate(out)).isZero();
        assertThat(jdbc.sql("SELECT count(*) FROM credentials WHERE encrypted_value LIKE 'v1:lostkey42:%'")
                .query(Long.class).single()).isEqualTo(2);
        Map<String, Long> usage = keys.usage();
        assertThat(usage.get("lostkey42")).isEqualTo(2L);
    }
}
