package io.pumpflix;

import io.pumpflix.billing.BillingCommand;
import io.pumpflix.credential.KeysCommand;
import io.pumpflix.platform.MigrateCommand;
import io.pumpflix.seed.SeedCommand;
import java.util.Arrays;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * The PumpFlix service. {@code java -jar pumpflix.jar} serves HTTP on an embedded (or external)
 * PostgreSQL; {@code java -jar pumpflix.jar migrate} only applies the migrations and exits;
 * {@code java -jar pumpflix.jar keys ...} manages the credential keys; {@code billing run} bills a
 * month, {@code plans} lists and sets the plans.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class PumpflixApplication {

    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals("migrate")) {
            System.exit(MigrateCommand.run(Arrays.copyOfRange(args, 1, args.length)));
        }
        if (args.length > 0 && args[0].equals("seed")) {
            System.exit(SeedCommand.run(PumpflixApplication.class, Arrays.copyOfRange(args, 1, args.length)));
        }
        if (args.length > 0 && args[0].equals("billing")) {
            System.exit(BillingCommand.billing(PumpflixApplication.class, Arrays.copyOfRange(args, 1, args.length)));
        }
        if (args.length > 0 && args[0].equals("plans")) {
            System.exit(BillingCommand.plans(PumpflixApplication.class, Arrays.copyOfRange(args, 1, args.length)));
        }
        if (args.length > 0 && args[0].equals("keys")) {
            System.exit(KeysCommand.run(PumpflixApplication.class, Arrays.copyOfRange(args, 1, args.length)));
        }
        SpringApplication.run(PumpflixApplication.class, args);
    }
}
