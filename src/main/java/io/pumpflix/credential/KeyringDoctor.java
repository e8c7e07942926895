package io.pumpflix.credential;

import io.pumpflix.platform.DoctorCheck;
import io.pumpflix.platform.OwnerDatabase;
import io.pumpflix.platform.PumpflixSettings;
import io.pumpflix.platform.Rows;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;

/**
 * The doctor's keyring check: the keyring the service would use decrypts every stored credential.
 * It reads the keyring without creating one (the service generates the embedded default on its
 * first start) and tries each credential, counting failures by reason.
 */
class KeyringDoctor implements DoctorCheck {

    private static final String CHECK = "keyring";

    private final OwnerDatabase owner;
    private final PumpflixSettings settings;
    private final EncryptionSettings encryption;

    KeyringDoctor(OwnerDatabase owner, PumpflixSettings settings, Environment environment) {
        this.owner = owner;
        this.settings = settings;
        this.encryption = Binder.get(environment).bind("pumpflix.encryption", EncryptionSettings.class)
                .orElse(new EncryptionSettings(null, null));
    }

    @Override
    public int order() {
        return 20;
    }

    private record Stored(UUID id, UUID organizationId, String value) {
    }

    @Override
    public List<Finding> check() {
        List<Stored> credentials;
        try {
            credentials = owner.jdbc().sql("SELECT id, organization_id, encrypted_value FROM public.credentials")
                    .query((rs, n) -> new Stored(Rows.uuid(rs, "id"), Rows.uuid(rs, "organization_id"),
                            rs.getString("encrypted_value"))).list();
        } catch (RuntimeException notMigrated) {
            return List.of(Finding.failed(CHECK, "cannot read the credentials: " + notMigrated.getMessage(),
                    "run `pumpflix migrate`"));
        }
        if (!encryption.keysGiven() && !encryption.keyFileGiven() && !settings.db().external()) {
            Path file = settings.home().toAbsolutePath().resolve("keyring");
            if (!Files.exists(file)) {
                return List.of(credentials.isEmpty()
                        ? Finding.ok(CHECK, "no keyring yet and no credential: the first start generates " + file)
                        : Finding.failed(CHECK, file + " is missing and " + credentials.size() + " credential(s) need it",
                                "restore the keyring file from a backup (docs/security.md, 'When a key is lost')"));
            }
        }
        Keyring keyring;
        try {
            keyring = new KeyringSource(encryption, settings).current();
        } catch (RuntimeException e) {
            return List.of(Finding.failed(CHECK, "cannot load the keyring: " + e.getMessage(),
                    "set PUMPFLIX_ENCRYPTION_KEYS or PUMPFLIX_ENCRYPTION_KEY_FILE to the keys (docs/security.md)"));
        }
        Map<String, Integer> failures = new TreeMap<>();
        for (Stored credential : credentials) {
            try {
                java.util.Arrays.fill(CredentialCipher.decrypt(keyring, credential.organizationId(), credential.id(),
                        credential.value()), (byte) 0);
            } catch (CredentialUnreadableException e) {
                String keyId = CredentialCipher.keyIdOf(credential.value());
                String reason = keyring.find(keyId == null ? "" : keyId).isEmpty()
                        ? "key id '" + keyId + "' not in the keyring" : "key '" + keyId + "' does not decrypt it";
                failures.merge(reason, 1, Integer::sum);
            }
        }
        if (failures.isEmpty()) {
            return List.of(Finding.ok(CHECK, "decrypts all " + credentials.size() + " stored credential(s) ("
                    + keyring.ids().size() + " key(s), primary " + keyring.primary().id() + ")"));
        }
        StringBuilder detail = new StringBuilder();
        failures.forEach((reason, count) -> detail.append(detail.isEmpty() ? "" : "; ").append(count)
                .append(" credential(s): ").append(reason));
        return List.of(Finding.failed(CHECK, detail + " (of " + credentials.size() + ")",
                "restore the missing key to the keyring (docs/security.md, 'When a key is lost')"));
    }
}
