package io.pumpflix.credential;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where the keyring comes from: {@code PUMPFLIX_ENCRYPTION_KEYS} (the keys themselves,
 * comma-separated) or {@code PUMPFLIX_ENCRYPTION_KEY_FILE}; with neither, the embedded mode
 * keeps a generated key file in the home directory.
 */
@ConfigurationProperties("pumpflix.encryption")
record EncryptionSettings(String keys, Path keyFile) {

    boolean keysGiven() {
        return keys != null && !keys.isBlank();
    }

    boolean keyFileGiven() {
        return keyFile != null && !keyFile.toString().isBlank();
    }
}
