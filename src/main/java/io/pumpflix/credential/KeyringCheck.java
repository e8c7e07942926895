package io.pumpflix.credential;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

/**
 * At start-up, says which stored credentials the keyring cannot decrypt (by key id and count).
 * The service still starts: every other credential works, and nothing is changed or destroyed.
 */
@Component
class KeyringCheck implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(KeyringCheck.class);

    private final KeyManagement keys;

    KeyringCheck(KeyManagement keys) {
        this.keys = keys;
    }

    @Override
    public void run(ApplicationArguments args) {
        keys.missing().forEach((id, count) -> log.error(
                "{} credential(s) are encrypted under key id '{}', which the keyring lacks: they cannot be decrypted"
                        + " until that key is restored (docs/security.md, 'When a key is lost')", count, id));
    }
}
