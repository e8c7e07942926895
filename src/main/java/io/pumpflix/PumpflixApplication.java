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
        if (Boolean.getBoolean("spring.aot.processing")) {
            // the build's ahead-of-time processing (docs/operations.md, "Faster start"): the service's
            // context as serve builds it, which Spring stops after the refresh and writes out as code
            org.springframework.boot.SpringApplication.run(PumpflixApplication.class, args);
            return;
        }
        int code = PumpflixCommand.execute(args);
        if (code != PumpflixCommand.SERVING) {
            System.exit(code);
        }
    }
}
