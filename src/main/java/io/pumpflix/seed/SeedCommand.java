package io.pumpflix.seed;

import io.pumpflix.platform.MaintenanceCommands;
import java.util.HashMap;
import java.util.Map;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * {@code pumpflix seed [--organizations=10] [--users=5] [--workflows=20] [--executions=1000000]
 * [--months=12] [--hot-share=0.5] [--seed=42] [--chunk=100000]}: fills the configured database for benchmarks and
 * demos. Running the same command again resumes an interrupted run.
 */
public final class SeedCommand {

    private SeedCommand() {
    }

    public static int run(Class<?> application, String[] args) {
        Map<String, String> options = new HashMap<>();
        for (String arg : args) {
            if (!arg.startsWith("--") || !arg.contains("=")) {
                System.err.println("pumpflix seed: options are --name=value, got " + arg);
                return 2;
            }
            options.put(arg.substring(2, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
        }
        SeedPlan plan;
        try {
            plan = SeedPlan.parse(options);
        } catch (IllegalArgumentException e) {
            System.err.println("pumpflix seed: " + e.getMessage());
            return 2;
        }
        SpringApplicationBuilder builder = MaintenanceCommands.application(application);
        try (ConfigurableApplicationContext context = builder.run()) {
            context.getBean(Seeder.class).seed(plan, System.out);
            return 0;
        } catch (RuntimeException e) {
            System.err.println("pumpflix seed: " + e.getMessage());
            return 1;
        }
    }
}
