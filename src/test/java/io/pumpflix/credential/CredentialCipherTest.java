package io.pumpflix.credential;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class CredentialCipherTest {

    private static final UUID ORG = UUID.randomUUID();
    private static final UUID CREDENTIAL = UUID.randomUUID();

    private static String key(String id) {
        byte[] material = new byte[32];
        new SecureRandom().nextBytes(material);
        return id + ":" + Base64.getEncoder().encodeToString(material);
    }

    private final Keyring keyring = Keyring.parse(key("old") + "," + key("new"), "test");

    private String encrypt(String plaintext) {
        return CredentialCipher.encrypt(keyring.primary(), ORG, CREDENTIAL, plaintext.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void roundTripsUnderTheKeyItNames() {
        String stored = encrypt("s3cr3t ünïcode");
        assertThat(stored).startsWith("v1:new:");
        assertThat(new String(CredentialCipher.decrypt(keyring, ORG, CREDENTIAL, stored), StandardCharsets.UTF_8))
                .isEqualTo("s3cr3t ünïcode");
    }

    @Test
    void tamperingAnyByteFails() {
        String stored = encrypt("s3cr3t");
        String prefix = "v1:new:";
        byte[] raw = Base64.getDecoder().decode(stored.substring(prefix.length()));
        for (int i = 0; i < raw.length; i++) {
            for (int bit = 0; bit < 8; bit++) {
                byte[] altered = raw.clone();
                altered[i] ^= (byte) (1 << bit);
                String tampered = prefix + Base64.getEncoder().encodeToString(altered);
                assertThatThrownBy(() -> CredentialCipher.decrypt(keyring, ORG, CREDENTIAL, tampered))
                        .as("byte %d bit %d", i, bit).isInstanceOf(CredentialUnreadableException.class);
            }
        }
    }

    @Test
    void boundToOrganizationCredentialAndKeyId() {
        String stored = encrypt("s3cr3t");
        assertThatThrownBy(() -> CredentialCipher.decrypt(keyring, UUID.randomUUID(), CREDENTIAL, stored))
                .isInstanceOf(CredentialUnreadableException.class);
        assertThatThrownBy(() -> CredentialCipher.decrypt(keyring, ORG, UUID.randomUUID(), stored))
                .isInstanceOf(CredentialUnreadableException.class);
        assertThatThrownBy(() -> CredentialCipher.decrypt(keyring, ORG, CREDENTIAL, stored.replace("v1:new:", "v1:old:")))
                .isInstanceOf(CredentialUnreadableException.class);
        assertThatThrownBy(() -> CredentialCipher.decrypt(Keyring.parse(key("other"), "t"), ORG, CREDENTIAL, stored))
                .isInstanceOf(CredentialUnreadableException.class).hasMessageContaining("key id new is not in the keyring");
        assertThatThrownBy(() -> CredentialCipher.decrypt(keyring, ORG, CREDENTIAL, "plaintext"))
                .isInstanceOf(CredentialUnreadableException.class);
    }

    @Test
    void aKeyringRefusesBadKeysWithoutShowingThem() {
        String shortKey = "k:" + Base64.getEncoder().encodeToString(new byte[16]);
        assertThatThrownBy(() -> Keyring.parse(shortKey, "env")).hasMessageContaining("32 bytes")
                .hasMessageNotContaining(shortKey.substring(2));
        assertThatThrownBy(() -> Keyring.parse("bad id:AAAA", "env")).hasMessageContaining("key id");
        assertThatThrownBy(() -> Keyring.parse("# only a comment", "env")).hasMessageContaining("no key");
        String twice = key("a") + "," + key("a");
        assertThatThrownBy(() -> Keyring.parse(twice, "env")).hasMessageContaining("twice");
        assertThat(keyring.toString()).contains("old", "new")
                .doesNotContain(Base64.getEncoder().encodeToString(keyring.primary().secretKey().getEncoded()));
    }
}
