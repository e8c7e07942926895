package io.pumpflix.identity;

import java.nio.CharBuffer;
import java.util.concurrent.CompletableFuture;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;
import org.springframework.stereotype.Component;

/**
 * Argon2id at OWASP's minimum (19 MiB, 2 iterations, 1 lane; Spring's v5_8 defaults are below it).
 * Hashes are stored in the PHC format ({@code $argon2id$v=19$m=19456,t=2,p=1$salt$hash}), which
 * names the algorithm and its parameters, so they can be raised later and old hashes upgraded at
 * the next successful sign-in.
 */
@Component
class PasswordHashing {

    static final int MEMORY_KIB = 19_456;
    static final int ITERATIONS = 2;

    private final Argon2PasswordEncoder argon2 = new Argon2PasswordEncoder(16, 32, 1, MEMORY_KIB, ITERATIONS);

    /**
     * A hash of a password nobody has, to spend the same time on unknown accounts; made on a thread
     * of its own at start-up (one Argon2 hash is a fifth of a second off the start path).
     */
    private final CompletableFuture<String> decoy = CompletableFuture.supplyAsync(
            () -> argon2.encode("decoy password for unknown accounts"), runnable -> {
                Thread thread = new Thread(runnable, "password-decoy");
                thread.setDaemon(true);
                thread.start();
            });

    String hash(char[] password) {
        return argon2.encode(CharBuffer.wrap(password));
    }

    /** Constant-time comparison (Argon2 recomputes the hash and compares every byte). */
    boolean matches(char[] password, String storedHash) {
        if (storedHash == null || !storedHash.startsWith("$argon2")) {
            argon2.matches(CharBuffer.wrap(password), decoy.join());
            return false;
        }
        return argon2.matches(CharBuffer.wrap(password), storedHash);
    }

    /** Spends the time of one verification, for sign-ins of unknown emails. */
    void spendTimeOfOneVerification(char[] password) {
        argon2.matches(CharBuffer.wrap(password), decoy.join());
    }

    boolean needsUpgrade(String storedHash) {
        return argon2.upgradeEncoding(storedHash);
    }
}
