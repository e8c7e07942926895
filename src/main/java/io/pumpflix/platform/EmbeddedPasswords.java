package io.pumpflix.platform;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Set;

/**
 * The passwords of the embedded PostgreSQL's two logins (docs/security.md, "The embedded
 * database"): generated on the first start of a home, kept in {@code <home>/postgres-password}
 * (the superuser, for migrations and operators' psql) and {@code <home>/pumpflix_app-password}
 * (the runtime login), each readable by its owner only (mode 600).
 */
record EmbeddedPasswords(String superuser, String runtime) {

    static final String SUPERUSER_FILE = "postgres-password";
    static final String RUNTIME_FILE = "pumpflix_app-password";

    private static final SecureRandom RANDOM = new SecureRandom();

    /** The home's passwords, each created (random, 256 bits) when its file does not exist yet. */
    static EmbeddedPasswords of(Path home) {
        return new EmbeddedPasswords(readOrCreate(home.resolve(SUPERUSER_FILE)), readOrCreate(home.resolve(RUNTIME_FILE)));
    }

    private static String readOrCreate(Path file) {
        try {
            if (!Files.exists(file)) {
                byte[] secret = new byte[32];
                RANDOM.nextBytes(secret);
                String password = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
                try {
                    Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                    Files.writeString(file, password + "\n", StandardCharsets.US_ASCII, StandardOpenOption.TRUNCATE_EXISTING);
                } catch (FileAlreadyExistsException anotherProcessWroteItFirst) {
                    // read below
                } catch (UnsupportedOperationException notPosix) {
                    Files.writeString(file, password + "\n", StandardCharsets.US_ASCII);
                }
            }
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
            if (permissions.stream().anyMatch(p -> p.name().startsWith("GROUP") || p.name().startsWith("OTHERS"))) {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            }
            String password = Files.readString(file, StandardCharsets.US_ASCII).strip();
            if (!password.matches("[A-Za-z0-9_-]{16,}")) {
                throw new IllegalStateException(file + " must hold one password of at least 16 letters, digits, '-' or '_'"
                        + " (docs/security.md, 'The embedded database')");
            }
            return password;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the database password in " + file + ": " + e.getMessage(), e);
        }
    }
}
