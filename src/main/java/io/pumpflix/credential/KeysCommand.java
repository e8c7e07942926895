package io.pumpflix.credential;

import io.pumpflix.platform.MaintenanceCommands;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code pumpflix keys status | rotate | retire <keyId>}: key management from the command line.
 * In the embedded mode it uses the database of a service running on the same home, or starts it.
 */
@Command(name = "keys", description = {"Manages the keys that encrypt the stored credentials.",
        "docs/security.md. In the embedded mode it uses the database of a service running on the same",
        "home, or starts it."},
        footer = {"", "Example:", "  java -jar target/pumpflix.jar keys rotate"})
public final class KeysCommand {

    @Command(name = "status", description = "Prints each key id and how many credentials it encrypts.",
            footer = {"", "Example:", "  java -jar target/pumpflix.jar keys status"})
    int status() {
        try (ConfigurableApplicationContext context = MaintenanceCommands.start()) {
            context.getBean(KeyManagement.class).status(System.out);
            return 0;
        }
    }

    @Command(name = "rotate", description = {"Adds a new primary key to the keyring file and re-encrypts every credential",
            "under it, in batches; run it again to resume. Exits 1 when some are left."},
            footer = {"", "Example:", "  java -jar target/pumpflix.jar keys rotate"})
    int rotate() {
        try (ConfigurableApplicationContext context = MaintenanceCommands.start()) {
            return context.getBean(KeyManagement.class).rotate(System.out) == 0 ? 0 : 1;
        }
    }

    @Command(name = "retire", description = "Removes a key that no credential uses any more from the keyring file.",
            footer = {"", "Example:", "  java -jar target/pumpflix.jar keys retire k1"})
    int retire(@Parameters(paramLabel = "<keyId>", description = "the key id, as `keys status` prints it") String id) {
        try (ConfigurableApplicationContext context = MaintenanceCommands.start()) {
            context.getBean(KeyManagement.class).retire(id, System.out);
            return 0;
        }
    }
}
