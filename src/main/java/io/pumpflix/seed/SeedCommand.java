package io.pumpflix.seed;

import io.pumpflix.platform.MaintenanceCommands;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code pumpflix seed}: fills the configured database for benchmarks and demos. Running the same
 * command again resumes an interrupted run.
 */
@Command(name = "seed", description = {"Fills the database with generated data for benchmarks and demos.",
        "Organizations, users, workflows, and executions spread over the last months, in chunks of one transaction each with",
        "a progress bar. The same command again resumes an interrupted run. Needs the tables' owner",
        "(the embedded default)."},
        footer = {"", "Example:", "  java -jar target/pumpflix.jar seed --organizations=2 --executions=100000 --months=3"})
public final class SeedCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--organizations", defaultValue = "10", description = "organizations (1 to 100,000)")
    int organizations;

    @Option(names = "--users", defaultValue = "5", description = "users per organization (1 to 10,000)")
    int users;

    @Option(names = "--workflows", defaultValue = "20", description = "workflows per organization (1 to 100,000)")
    int workflows;

    @Option(names = "--executions", defaultValue = "1000000", description = "executions in all (0 to 2,000,000,000)")
    long executions;

    @Option(names = "--months", defaultValue = "12", description = "months the executions spread over, the current one included (1 to 240)")
    int months;

    @Option(names = "--hot-share", defaultValue = "0.5", description = "share of the executions in the first organization (0 to 1)")
    double hotShare;

    @Option(names = "--seed", defaultValue = "42", description = "random seed: the same seed makes the same data")
    long seed;

    @Option(names = "--chunk", defaultValue = "100000", description = "executions per transaction (1 to 1,000,000)")
    int chunk;

    @Override
    public Integer call() {
        // the options as SeedPlan reads them, so that its ranges are the one rule
        Map<String, String> options = new LinkedHashMap<>();
        for (OptionSpec option : spec.options()) {
            if (!option.usageHelp() && !option.versionHelp()) {
                options.put(option.longestName().substring(2), String.valueOf((Object) option.getValue()));
            }
        }
        SeedPlan plan;
        try {
            plan = SeedPlan.parse(options);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        try (ConfigurableApplicationContext context = MaintenanceCommands.start()) {
            context.getBean(Seeder.class).seed(plan, System.out);
            return 0;
        }
    }
}
