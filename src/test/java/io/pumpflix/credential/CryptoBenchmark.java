package io.pumpflix.credential;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.UUID;
import java.util.function.IntSupplier;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

/**
 * The cost of our security, each against a baseline measured in the same run (run by
 * bench/crypto.sh, not by the test suite): Argon2id at OWASP's minimum against bcrypt cost 10,
 * and sealing or opening one credential with AES-256-GCM (bound to organization, credential and
 * key) against AES-256-CBC without authentication, as n8n stores credentials.
 */
public final class CryptoBenchmark {

    public static void main(String[] args) {
        System.out.println("| figure | p50 | p99 | baseline p50 | baseline p99 | ratio (p50) |");
        System.out.println("| --- | --- | --- | --- | --- | --- |");
        passwords();
        credentials();
    }

    private static void passwords() {
        Argon2PasswordEncoder argon2 = new Argon2PasswordEncoder(16, 32, 1, 19_456, 2);
        BCryptPasswordEncoder bcrypt = new BCryptPasswordEncoder(10);
        String hash = argon2.encode("correct horse battery staple");
        String bcryptHash = bcrypt.encode("correct horse battery staple");
        row("Argon2id m=19456 t=2 p=1: hash one password (ms) vs bcrypt cost 10",
                sampleMillis(40, () -> argon2.encode("correct horse battery staple").length()),
                sampleMillis(40, () -> bcrypt.encode("correct horse battery staple").length()));
        row("Argon2id: verify one sign-in (ms) vs bcrypt cost 10",
                sampleMillis(40, () -> argon2.matches("correct horse battery staple", hash) ? 1 : 0),
                sampleMillis(40, () -> bcrypt.matches("correct horse battery staple", bcryptHash) ? 1 : 0));
    }

    private static void credentials() {
        byte[] material = new byte[32];
        new SecureRandom().nextBytes(material);
        Keyring keyring = Keyring.parse("k1:" + Base64.getEncoder().encodeToString(material), "bench");
        UUID org = UUID.randomUUID();
        UUID id = UUID.randomUUID();
        String secret = "sk_live_" + "x".repeat(56);
        String sealed = CredentialCipher.encrypt(keyring.primary(), org, id, secret.getBytes(StandardCharsets.UTF_8));
        SecretKeySpec cbcKey = new SecretKeySpec(material, "AES");
        byte[] iv = new byte[16];
        SecureRandom random = new SecureRandom();
        byte[] cbcSealed = cbc(Cipher.ENCRYPT_MODE, cbcKey, iv, secret.getBytes(StandardCharsets.UTF_8));

        row("AES-256-GCM: encrypt one credential (µs) vs AES-256-CBC unauthenticated",
                sampleMicros(() -> CredentialCipher.encrypt(keyring.primary(), org, id,
                        secret.getBytes(StandardCharsets.UTF_8)).length()),
                sampleMicros(() -> {
                    random.nextBytes(iv);
                    return cbc(Cipher.ENCRYPT_MODE, cbcKey, iv, secret.getBytes(StandardCharsets.UTF_8)).length;
                }));
        row("AES-256-GCM: decrypt one credential (µs) vs AES-256-CBC unauthenticated",
                sampleMicros(() -> CredentialCipher.decrypt(keyring, org, id, sealed).length),
                sampleMicros(() -> cbc(Cipher.DECRYPT_MODE, cbcKey, iv, cbcSealed).length));
    }

    private static byte[] cbc(int mode, SecretKeySpec key, byte[] iv, byte[] input) {
        try {
            Cipher cipher = Cipher.getInstance("AES/CBC/PKCS5Padding");
            cipher.init(mode, key, new IvParameterSpec(iv));
            return cipher.doFinal(input);
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static double[] sampleMillis(int samples, IntSupplier op) {
        for (int i = 0; i < 5; i++) {
            op.getAsInt();
        }
        double[] millis = new double[samples];
        for (int i = 0; i < samples; i++) {
            long start = System.nanoTime();
            op.getAsInt();
            millis[i] = (System.nanoTime() - start) / 1e6;
        }
        return millis;
    }

    /** Per-operation microseconds, from batches of 1,000 operations after a warm-up. */
    private static double[] sampleMicros(IntSupplier op) {
        for (int i = 0; i < 200_000; i++) {
            op.getAsInt();
        }
        double[] micros = new double[300];
        for (int batch = 0; batch < micros.length; batch++) {
            long start = System.nanoTime();
            for (int i = 0; i < 1_000; i++) {
                op.getAsInt();
            }
            micros[batch] = (System.nanoTime() - start) / 1e3 / 1_000;
        }
        return micros;
    }

    private static void row(String figure, double[] ours, double[] baseline) {
        System.out.printf("| %s | %.2f | %.2f | %.2f | %.2f | %.2fx |%n", figure, percentile(ours, 50),
                percentile(ours, 99), percentile(baseline, 50), percentile(baseline, 99),
                percentile(ours, 50) / percentile(baseline, 50));
    }

    private static double percentile(double[] values, int p) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
    }
}
