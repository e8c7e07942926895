package io.pumpflix;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * The PumpFlix service. {@code java -jar pumpflix.jar} serves HTTP on an embedded (or external)
 * PostgreSQL; the other commands ({@code migrate}, {@code seed}, {@code keys}, {@code billing},
 * {@code plans}, {@code doctor}) are one command tree, {@link PumpflixCommand} (docs/cli.md).
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class PumpflixApplication {

    public static void main(String[] args) {
        int code = PumpflixCommand.execute(args);
        if (code != PumpflixCommand.SERVING) {
            System.exit(code);
        }
    }
}
