package io.pumpflix.credential;

import io.pumpflix.platform.PumpflixSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Loads the keyring, and for a key file keeps it current: a service re-reads the file when it
 * changes, so a key that {@code keys rotate} added elsewhere is used without a restart.
 */
@Component
class KeyringSource {

    private static final Logger log = LoggerFactory.getLogger(KeyringSource.class);
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private final String keysFromEnvironment;
    private final Path keyFile;
    private volatile Keyring keyring;
    private volatile FileTime loadedVersion;

    KeyringSource(EncryptionSettings encryption, PumpflixSettings settings) {
        if (encryption.keysGiven()) {
            this.keysFromEnvironment = encryption.keys();
            this.keyFile = null;
            this.keyring = Keyring.parse(keysFromEnvironment, "PUMPFLIX_ENCRYPTION_KEYS");
        } else {
            this.keysFromEnvironment = null;
            if (encryption.keyFileGiven()) {
                this.keyFile = encryption.keyFile().toAbsolutePath();
            } else if (!settings.db().external()) {
                this.keyFile = settings.home().toAbsolutePath().resolve("keyring");
                generateIfMissing(keyFile);
            } else {
                throw new IllegalStateException("an external database needs its encryption keys: set"
                        + " PUMPFLIX_ENCRYPTION_KEYS or PUMPFLIX_ENCRYPTION_KEY_FILE (see docs/security.md)");
            }
            reload();
        }
        log.info("Credential keyring: {} key(s), primary {}", keyring.ids().size(), keyring.primary().id());
    }

    /** The keyring as it is now; a changed key file is read again. */
    Keyring current() {
        if (keyFile != null) {
            try {
                if (!Files.getLastModifiedTime(keyFile).equals(loadedVersion)) {
                    reload();
                }
            } catch (IOException e) {
                log.warn("Cannot check the key file {}: {}; keeping the keys already loaded", keyFile, e.getMessage());
            }
        }
        return keyring;
    }

    boolean fromFile() {
        return keyFile != null;
    }

    Path keyFile() {
        return keyFile;
    }

    /** Appends a new random key, which becomes the primary one. Only for a key file. */
    synchronized String addPrimaryKey() {
        requireFile("add a key");
        Keyring now = current();
        String id = newKeyId(now);
        String line = id + ":" + randomKey();
        writeFile(readFile() + (readFile().endsWith("\n") ? "" : "\n") + line + "\n");
        reload();
        return id;
    }

    /** Removes a key that no credential uses any more. Only for a key file. */
    synchronized void removeKey(String id) {
        requireFile("retire a key");
        String kept = readFile().lines()
                .filter(line -> !line.strip().startsWith(id + ":"))
                .collect(Collectors.joining("\n", "", "\n"));
        Keyring.parse(kept, keyFile.toString());  // never write a keyring without a key
        writeFile(kept);
        reload();
    }

    private void requireFile(String what) {
        if (keyFile == null) {
            throw new IllegalStateException("the keys come from PUMPFLIX_ENCRYPTION_KEYS: to " + what
                    + ", change that variable (the last key is the primary one)");
        }
    }

    private synchronized void reload() {
        try {
            FileTime version = Files.getLastModifiedTime(keyFile);
            keyring = Keyring.parse(Files.readString(keyFile, StandardCharsets.UTF_8), keyFile.toString());
            loadedVersion = version;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the key file " + keyFile + ": " + e.getMessage(), e);
        }
    }

    private String readFile() {
        try {
            return Files.readString(keyFile, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the key file " + keyFile, e);
        }
    }

    /** Written beside and moved into place, so a crash never leaves half a key file. */
    private void writeFile(String content) {
        Path temporary = keyFile.resolveSibling(keyFile.getFileName() + ".tmp");
        try {
            Files.deleteIfExists(temporary);
            createOwnerOnly(temporary);
            Files.writeString(temporary, content, StandardCharsets.UTF_8);
            try {
                Files.move(temporary, keyFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, keyFile, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the key file " + keyFile, e);
        }
    }

    private static void generateIfMissing(Path file) {
        if (Files.exists(file)) {
            return;
        }
        try {
            Files.createDirectories(file.getParent());
            createOwnerOnly(file);
            Files.writeString(file, """
                    # PumpFlix credential keyring: one <keyId>:<base64 of 32 random bytes> per line.
                    # The last key encrypts; every key decrypts. Back this file up: without it the
                    # credentials cannot be decrypted. See docs/security.md.
                    """ + newKeyId(null) + ":" + randomKey() + "\n", StandardCharsets.UTF_8);
            log.info("Generated a new credential keyring in {}", file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the key file " + file, e);
        }
    }

    private static void createOwnerOnly(Path file) throws IOException {
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        } catch (UnsupportedOperationException notPosix) {
            Files.createFile(file);
        }
    }

    private static String newKeyId(Keyring existing) {
        String base = "k" + LocalDate.now(ZoneOffset.UTC).toString().replace("-", "");
        List<String> taken = existing == null ? List.of() : existing.ids();
        String id = base;
        for (int n = 2; taken.contains(id); n++) {
            id = base + "-" + n;
        }
        return id;
    }

    private static String randomKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }
}
