package io.pumpflix;

import io.pumpflix.billing.BillingCommand;
import io.pumpflix.credential.KeysCommand;
import io.pumpflix.platform.Doctor;
import io.pumpflix.platform.MaintenanceCommands;
import io.pumpflix.platform.MigrateCommand;
import io.pumpflix.seed.SeedCommand;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Pattern;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.ScopeType;

/**
 * The command line (docs/cli.md), on picocli: one tree of commands, each with its options, their
 * defaults and an example in {@code --help}; {@code help}; {@code --version}; suggestions for a
 * misspelt command or option; shell completion generated from the same definitions. Exit codes:
 * 0 done, 1 failed (the reason on standard error), 2 wrong usage. Spring properties
 * ({@code --pumpflix.home=...}, {@code --server.port=...}) may be given to any command.
 */
@Command(name = "pumpflix", mixinStandardHelpOptions = true, versionProvider = PumpflixCommand.BuildVersion.class,
        scope = ScopeType.INHERIT, showDefaultValues = true, usageHelpAutoWidth = false, usageHelpWidth = 100,
        description = {"PumpFlix, the multi-tenant workflow-automation service, and its maintenance commands.",
                "Without a command it serves (`serve`)."},
        synopsisSubcommandLabel = "[COMMAND]",
        footer = {"", "Any command also takes Spring properties as --name=value, for example --pumpflix.home=/srv/pumpflix",
                "or --server.port=9000 (README.md, 'Configuration').",
                "Exit codes: 0 done, 1 failed (the reason on standard error), 2 wrong usage."},
        subcommands = {PumpflixCommand.Serve.class, MigrateCommand.class, SeedCommand.class, KeysCommand.class,
                BillingCommand.class, BillingCommand.Plans.class, Doctor.class, CommandLine.HelpCommand.class,
                AutoComplete.GenerateCompletion.class})
public final class PumpflixCommand implements Runnable {

    /** What {@link #execute} returns while the service runs: the JVM must not exit. */
    static final int SERVING = -1;

    /** Prefixes of the Spring properties a command line may carry (anything else is an option of the command). */
    private static final Pattern SPRING_PROPERTY = Pattern.compile(
            "--(pumpflix|server|spring|logging|management|db-scheduler|springdoc)\\.[A-Za-z0-9_.\\[\\]-]+=.*");
    private static final Set<String> ROOT_OPTIONS = Set.of("-h", "--help", "-V", "--version");

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /** {@code serve}: the service itself, the default command. */
    @Command(name = "serve", description = {"Starts the service (the default command).",
            "The embedded PostgreSQL (or the external one), the migrations, the HTTP API, live collaboration",
            "and the engine; Ctrl-C or SIGTERM stops it cleanly."},
            footer = {"", "Example:", "  PUMPFLIX_HOME=/srv/pumpflix java -jar target/pumpflix.jar serve --server.port=9000"})
    static final class Serve implements java.util.concurrent.Callable<Integer> {

        @CommandLine.Option(names = "--demo", description = {"also create a demo organization with three workflows and some",
                "executions, and print how to sign in (once per home)"})
        boolean demo;

        @Override
        public Integer call() {
            List<String> arguments = new ArrayList<>(List.of(MaintenanceCommands.springArguments()));
            if (demo) {
                arguments.add("--demo");
            }
            if (System.getProperty("spring.aot.enabled") == null && packagedWithAotCode()) {
                // the jar carries the bean definitions as code, made by the build (docs/operations.md)
                System.setProperty("spring.aot.enabled", "true");
            }
            io.pumpflix.platform.EarlyDatabase.begin(arguments);
            org.springframework.boot.SpringApplication.run(PumpflixApplication.class, arguments.toArray(String[]::new));
            return SERVING;
        }

        /**
         * Whether this is the packaged jar with the build's ahead-of-time code: only then is it
         * certain to match the classes (a development tree may hold code older than its classes).
         */
        private static boolean packagedWithAotCode() {
            java.security.CodeSource source = PumpflixApplication.class.getProtectionDomain().getCodeSource();
            return source != null && source.getLocation().toString().contains("BOOT-INF")
                    && PumpflixApplication.class.getResource("PumpflixApplication__ApplicationContextInitializer.class") != null;
        }
    }

    /** The version of the build and its commit, from the git.properties the build writes. */
    static final class BuildVersion implements IVersionProvider {

        @Override
        public String[] getVersion() throws IOException {
            Properties git = new Properties();
            try (InputStream in = PumpflixCommand.class.getResourceAsStream("/git.properties")) {
                if (in != null) {
                    git.load(in);
                }
            }
            return new String[] {"pumpflix " + git.getProperty("git.build.version", "(unknown version)") + ", commit "
                    + git.getProperty("git.commit.id.abbrev", "(unknown)")
                    + ("true".equals(git.getProperty("git.dirty")) ? " with uncommitted changes" : "")
                    + (git.containsKey("git.commit.time") ? " of " + git.getProperty("git.commit.time") : "")};
        }
    }

    /** The command tree, with our handlers for wrong usage and failures. */
    static CommandLine commandLine() {
        CommandLine commandLine = new CommandLine(new PumpflixCommand());
        commandLine.setParameterExceptionHandler((problem, args) -> {
            PrintWriter err = problem.getCommandLine().getErr();
            err.println(problem.getCommandLine().getCommandSpec().qualifiedName() + ": " + problem.getMessage());
            CommandLine.UnmatchedArgumentException.printSuggestions(problem, err);
            err.println("Usage: " + problem.getCommandLine().getCommandSpec().qualifiedName()
                    + " --help lists what it takes; `pumpflix help` lists every command.");
            err.flush();
            return CommandLine.ExitCode.USAGE;
        });
        commandLine.setExecutionExceptionHandler((failure, failed, parsed) -> {
            PrintWriter err = failed.getErr();
            err.println(failed.getCommandSpec().qualifiedName() + ": " + MaintenanceCommands.reason(failure));
            err.flush();
            return CommandLine.ExitCode.SOFTWARE;
        });
        return commandLine;
    }

    /** Runs a command line: the command's exit code, or {@link #SERVING} while the service runs. */
    static int execute(String[] args) {
        List<String> spring = new ArrayList<>();
        List<String> command = new ArrayList<>();
        for (String arg : args) {
            (SPRING_PROPERTY.matcher(arg).matches() ? spring : command).add(arg);
        }
        if (command.isEmpty() || (command.get(0).startsWith("-") && !ROOT_OPTIONS.contains(command.get(0)))) {
            command.add(0, "serve");
        }
        MaintenanceCommands.configure(PumpflixApplication.class, spring);
        if (command.equals(List.of("serve"))) {
            // the plain start (no command, no option): serve at once, without building the
            // command tree (a fifth of a second of start-up)
            return new Serve().call();
        }
        return commandLine().execute(command.toArray(String[]::new));
    }
}
