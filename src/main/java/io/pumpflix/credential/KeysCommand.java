package io.pumpflix.credential;

import io.pumpflix.platform.MaintenanceCommands;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * {@code pumpflix keys status | rotate | retire <keyId>}: key management from the command line.
 * In the embedded mode it uses the database of a service running on the same home, or starts it.
 */
public final class KeysCommand {

    private static final String USAGE = "usage: pumpflix keys status | rotate | retire <keyId>";

    private KeysCommand() {
    }

    /** Returns the process exit code. */
    public static int run(Class<?> application, String[] args) {
        if (args.length == 0 || !(args[0].equals("status") || args[0].equals("rotate")
                || (args[0].equals("retire") && args.length == 2))) {
            System.err.println(USAGE);
            return 2;
        }
        SpringApplicationBuilder builder = MaintenanceCommands.application(application);
        try (ConfigurableApplicationContext context = builder.run()) {
            KeyManagement keys = context.getBean(KeyManagement.class);
            switch (args[0]) {
                case "status" -> keys.status(System.out);
                case "rotate" -> {
                    return keys.rotate(System.out) == 0 ? 0 : 1;
                }
                default -> keys.retire(args[1], System.out);
            }
            return 0;
        } catch (RuntimeException e) {
            System.err.println("pumpflix keys " + args[0] + ": " + e.getMessage());
            return 1;
        }
    }
}
