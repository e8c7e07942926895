package io.pumpflix.credential;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.UUID;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;

/**
 * AES-256-GCM with a fresh random 96-bit nonce per encryption. The stored text is
 * {@code v1:<keyId>:<base64(nonce | ciphertext | tag)>}; the associated data binds it to its
 * organization, credential id and key id, so a ciphertext copied into another row or tenant, or
 * relabelled with another key id, fails to decrypt.
 */
final class CredentialCipher {

    static final String FORMAT = "v1";
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    private CredentialCipher() {
    }

    static String encrypt(Keyring.Key key, UUID organizationId, UUID credentialId, byte[] plaintext) {
        byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key.secretKey(), new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(associatedData(organizationId, credentialId, key.id()));
            byte[] sealed = cipher.doFinal(plaintext);
            byte[] out = new byte[NONCE_BYTES + sealed.length];
            System.arraycopy(nonce, 0, out, 0, NONCE_BYTES);
            System.arraycopy(sealed, 0, out, NONCE_BYTES, sealed.length);
            return FORMAT + ":" + key.id() + ":" + Base64.getEncoder().encodeToString(out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is unavailable in this JVM", e);
        } finally {
            Arrays.fill(plaintext, (byte) 0);
        }
    }

    /** The key id a stored value names, or null when it is not in our format. */
    static String keyIdOf(String stored) {
        String[] parts = stored == null ? new String[0] : stored.split(":", 3);
        return parts.length == 3 && parts[0].equals(FORMAT) ? parts[1] : null;
    }

    static byte[] decrypt(Keyring keyring, UUID organizationId, UUID credentialId, String stored) {
        String keyId = keyIdOf(stored);
        if (keyId == null) {
            throw new CredentialUnreadableException(credentialId, "it is not in format " + FORMAT);
        }
        Keyring.Key key = keyring.find(keyId).orElseThrow(() -> new CredentialUnreadableException(credentialId,
                "its key id " + keyId + " is not in the keyring"));
        byte[] raw;
        try {
            raw = Base64.getDecoder().decode(stored.substring(FORMAT.length() + keyId.length() + 2));
        } catch (IllegalArgumentException e) {
            throw new CredentialUnreadableException(credentialId, "its ciphertext is not valid base64");
        }
        if (raw.length < NONCE_BYTES + TAG_BITS / 8) {
            throw new CredentialUnreadableException(credentialId, "its ciphertext is truncated");
        }
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key.secretKey(), new GCMParameterSpec(TAG_BITS, raw, 0, NONCE_BYTES));
            cipher.updateAAD(associatedData(organizationId, credentialId, keyId));
            return cipher.doFinal(raw, NONCE_BYTES, raw.length - NONCE_BYTES);
        } catch (javax.crypto.AEADBadTagException e) {
            throw new CredentialUnreadableException(credentialId,
                    "its ciphertext does not authenticate (altered, or moved from another credential)");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is unavailable in this JVM", e);
        }
    }

    private static byte[] associatedData(UUID organizationId, UUID credentialId, String keyId) {
        return ("pumpflix/credential/" + FORMAT + "|" + organizationId + "|" + credentialId + "|" + keyId)
                .getBytes(StandardCharsets.UTF_8);
    }
}
