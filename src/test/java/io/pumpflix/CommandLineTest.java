package io.pumpflix;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The command line as an operator meets it (docs/cli.md): every command's help, the command list,
 * the version, exit code 2 and a suggestion for a misspelt command or option without starting
 * anything, and docs/cli.md matching the definitions.
 */
class CommandLineTest {

    record Run(int code, String out, String err, long millis) {
    }

    private static Run run(String... args) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        long started = System.nanoTime();
        try {
            System.setOut(new PrintStream(stdout, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(stderr, true, StandardCharsets.UTF_8));
            int code = PumpflixCommand.execute(args);
            return new Run(code, stdout.toString(StandardCharsets.UTF_8), stderr.toString(StandardCharsets.UTF_8),
                    (System.nanoTime() - started) / 1_000_000);
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }

    /** Every command of the tree with the words that name it, the root's first. */
    private static List<List<String>> commands(CommandLine line, List<String> path) {
        List<List<String>> all = new ArrayList<>();
        all.add(path);
        line.getSubcommands().forEach((name, sub) -> {
            if (sub.getCommandName().equals(name)) {
                List<String> next = new ArrayList<>(path);
                next.add(name);
                all.addAll(commands(sub, next));
            }
        });
        return all;
    }

    @Test
    void everyCommandsHelpExitsZeroAndNamesItsOptions() {
        List<List<String>> all = commands(PumpflixCommand.commandLine(), List.of());
        assertThat(all).extracting(path -> String.join(" ", path)).contains("", "serve", "migrate", "seed", "keys",
                "keys status", "keys rotate", "keys retire", "billing", "billing run", "plans", "plans list",
                "plans set", "doctor", "help", "generate-completion");
        for (List<String> path : all) {
            List<String> args = new ArrayList<>(path);
            args.add("--help");
            Run help = run(args.toArray(String[]::new));
            CommandSpec spec = PumpflixCommand.commandLine().getCommandSpec();
            for (String word : path) {
                spec = spec.subcommands().get(word).getCommandSpec();
            }
            assertThat(help.code()).as(args + ": " + help.err()).isZero();
            assertThat(help.out()).as(String.join(" ", args)).contains("Usage: pumpflix");
            for (OptionSpec option : spec.options()) {
                assertThat(help.out()).as(path + " names " + option.longestName()).contains(option.longestName());
            }
            if (!path.isEmpty() && !List.of("help", "generate-completion").contains(path.get(0))) {
                assertThat(help.out()).as(path + " has an example").contains("Example:");
            }
        }
        assertThat(run("seed", "--help").out()).as("defaults are shown").contains("Default: 1000000");
    }

    @Test
    void helpListsEveryCommandAndVersionNamesTheCommit() {
        for (Run list : List.of(run("help"), run("--help"))) {
            assertThat(list.code()).isZero();
            assertThat(list.out()).contains("serve", "migrate", "seed", "keys", "billing", "plans", "doctor");
        }
        Run version = run("--version");
        assertThat(version.code()).isZero();
        assertThat(version.out()).startsWith("pumpflix ").contains("commit ").doesNotContain("commit (unknown)");
    }

    @Test
    void aMisspeltCommandOrOptionExits2WithTheClosestOneAndStartsNothing() throws IOException {
        Path home = Files.createTempDirectory("pumpflix-cli");
        Files.delete(home);

        Run command = run("migarte", "--pumpflix.home=" + home);
        Run option = run("seed", "--organisations=2", "--pumpflix.home=" + home);
        Run serveOption = run("--demoo", "--pumpflix.home=" + home);
        Run value = run("billing", "run", "--month=November", "--pumpflix.home=" + home);
        Run range = run("seed", "--months=0", "--pumpflix.home=" + home);
        Run tier = run("plans", "set", "team", "--name=Team", "--tiers=1000", "--pumpflix.home=" + home);

        assertThat(command.code()).isEqualTo(2);
        assertThat(command.err()).contains("migarte").contains("Did you mean").contains("migrate");
        assertThat(option.code()).isEqualTo(2);
        assertThat(option.err()).contains("--organisations").contains("--organizations");
        assertThat(serveOption.code()).as("the default command's options are checked too").isEqualTo(2);
        assertThat(serveOption.err()).contains("--demoo").contains("--demo");
        assertThat(value.code()).isEqualTo(2);
        assertThat(value.err()).contains("--month");
        assertThat(range.code()).isEqualTo(2);
        assertThat(range.err()).contains("--months must be between 1 and 240");
        assertThat(tier.code()).isEqualTo(2);
        assertThat(tier.err()).contains("a tier is <upTo>:<unit cents>");
        for (Run wrong : List.of(command, option, serveOption, value, range, tier)) {
            assertThat(wrong.out()).isEmpty();
            assertThat(wrong.millis()).as("answered without starting anything").isLessThan(2_000);
        }
        assertThat(home).as("no home, no database was created").doesNotExist();
    }

    @Test
    void aMisspeltCommandExits2QuicklyAsAProcessToo() throws Exception {
        Path home = Files.createTempDirectory("pumpflix-cli");
        Files.delete(home);
        long started = System.nanoTime();
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), PumpflixApplication.class.getName(), "migarte",
                "--pumpflix.home=" + home).start();
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        long millis = (System.nanoTime() - started) / 1_000_000;

        assertThat(process.exitValue()).as(err).isEqualTo(2);
        assertThat(err).contains("Did you mean").contains("migrate");
        assertThat(millis).as("a JVM that starts no server or database exits within seconds").isLessThan(5_000);
        assertThat(home).doesNotExist();
    }

    @Test
    void shellCompletionKnowsEveryCommand() {
        Run completion = run("generate-completion");
        assertThat(completion.code()).isZero();
        assertThat(completion.out()).contains("complete -F").contains("migrate").contains("doctor").contains("billing")
                .contains("--organizations");
    }

    /** docs/cli.md is the help of every command, as the definitions print it: the docs cannot drift. */
    @Test
    void docsCliMdIsTheHelpOfEveryCommand() throws IOException {
        StringBuilder expected = new StringBuilder(Files.readString(Path.of("docs", "cli.md")).split("<!-- generated -->")[0]);
        expected.append("<!-- generated -->\n");
        for (List<String> path : commands(PumpflixCommand.commandLine(), List.of())) {
            if (!path.isEmpty() && List.of("help", "generate-completion").contains(path.get(0))) {
                continue;
            }
            List<String> args = new ArrayList<>(path);
            args.add("--help");
            expected.append("\n### `pumpflix").append(path.isEmpty() ? "" : " " + String.join(" ", path)).append("`\n\n```\n")
                    .append(run(args.toArray(String[]::new)).out().stripTrailing()).append("\n```\n");
        }
        Path written = Path.of("target", "cli.md");
        Files.writeString(written, expected);
        assertThat(Files.readString(Path.of("docs", "cli.md")))
                .as("docs/cli.md differs from the commands' help: copy target/cli.md over it").isEqualTo(expected.toString());
    }
}
