package io.pumpflix.billing;

import io.pumpflix.platform.MaintenanceCommands;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code pumpflix billing run [--month=YYYY-MM]} bills a month that has ended (the last one by
 * default), with a progress line; {@code pumpflix plans [list]} lists the plans and {@code pumpflix
 * plans set <id> ...} creates or replaces one (docs/billing.md). In the embedded mode they use the
 * database of a service running on the same home, or start it.
 */
@Command(name = "billing", description = "Usage-based billing (docs/billing.md).",
        footer = {"", "Example:", "  java -jar target/pumpflix.jar billing run --month=2026-11"})
public final class BillingCommand {

    @Spec
    CommandSpec spec;

    @Command(name = "run", description = {"Bills a month that has ended: one open invoice with lines per organization",
            "subscribed during it. Organizations billed for the month already are skipped, so it is",
            "safe to run again, after a crash or on two instances at once."},
            footer = {"", "Example:", "  java -jar target/pumpflix.jar billing run --month=2026-11"})
    int run(@Option(names = "--month", paramLabel = "YYYY-MM", description = "the month, UTC; default: the last one")
            YearMonth month) {
        YearMonth billed = month != null ? month : YearMonth.now(ZoneOffset.UTC).minusMonths(1);
        if (!billed.isBefore(YearMonth.now(ZoneOffset.UTC))) {
            throw new ParameterException(spec.commandLine(), "--month: " + billed + " has not ended yet (months are UTC)");
        }
        try (ConfigurableApplicationContext context = MaintenanceCommands.start()) {
            BillingRun run = context.getBean(BillingRun.class);
            PrintStream out = System.out;
            long started = System.nanoTime();
            BillingRun.Progress done = run.run(billed, progress -> out.print("\rbilling " + billed + ": "
                    + progress.organizations() + " organizations, " + progress.invoiced() + " invoices made"));
            out.println("\rbilling " + billed + ": " + done.organizations() + " organizations, " + done.invoiced()
                    + " invoices made in " + String.format(Locale.ROOT, "%.1f", (System.nanoTime() - started) / 1e9)
                    + " s (organizations billed before are skipped)");
            return 0;
        }
    }

    /** {@code pumpflix plans}: the operator's plans. */
    @Command(name = "plans", description = {"Lists the billing plans, or creates or replaces one.",
            "Without a subcommand it lists them (docs/billing.md). Replacing a plan keeps its subscribers;",
            "the next billing run prices with it."},
            footer = {"", "Example:", "  java -jar target/pumpflix.jar plans set team --name=Team --base-fee-cents=1900 \\",
                    "      --included=10000 --tiers=100000:0.2,*:0.1 --hard-cap=none"})
    public static final class Plans implements java.util.concurrent.Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            return list();
        }

        @Command(name = "list", description = "Lists the plans, one per line.",
                footer = {"", "Example:", "  java -jar target/pumpflix.jar plans list"})
        int list() {
            try (ConfigurableApplicationContext context = MaintenanceCommands.start()) {
                for (Plan plan : context.getBean(PlanStore.class).all()) {
                    System.out.println(describe(plan));
                }
                return 0;
            }
        }

        @Command(name = "set", description = "Creates or replaces a plan.",
                footer = {"", "Example:", "  java -jar target/pumpflix.jar plans set team --name=Team --base-fee-cents=1900 \\",
                        "      --included=10000 --tiers=100000:0.2,*:0.1 --hard-cap=none"})
        int set(@Parameters(paramLabel = "<id>", description = "the plan's id: lower-case letters, digits and '-'") String id,
                @Option(names = "--name", required = true, description = "the name shown on invoices") String name,
                @Option(names = "--base-fee-cents", defaultValue = "0", description = "monthly base fee, whole cents") long baseFee,
                @Option(names = "--included", defaultValue = "0", description = "executions included each month") long included,
                @Option(names = "--tiers", paramLabel = "<upTo>:<cents>,...,*:<cents>",
                        description = "graduated prices beyond the included executions, each up to an execution number;"
                                + " * for no bound; unit prices in cents, fractions allowed") String tiers,
                @Option(names = "--hard-cap", defaultValue = "none", paramLabel = "N|none",
                        description = "executions a month beyond which runs and logs are refused") String hardCap) {
            Plan plan;
            try {
                plan = parse(id, name, baseFee, included, tiers == null ? "" : tiers, hardCap);
                PlanStore.validate(plan);
            } catch (IllegalArgumentException | io.pumpflix.platform.InvalidInputException e) {
                throw new ParameterException(spec.commandLine(), e.getMessage());
            }
            try (ConfigurableApplicationContext context = MaintenanceCommands.start()) {
                System.out.println(describe(context.getBean(PlanStore.class).save(plan)));
                return 0;
            }
        }
    }

    /** A plan from {@code plans set}'s values; a malformed tier or cap is an {@code IllegalArgumentException}. */
    static Plan parse(String id, String name, long baseFeeCents, long included, String tierText, String cap) {
        List<Plan.Tier> tiers = new ArrayList<>();
        if (!tierText.isBlank()) {
            for (String tier : tierText.split(",")) {
                String[] parts = tier.split(":");
                if (parts.length != 2) {
                    throw new IllegalArgumentException("a tier is <upTo>:<unit cents> (upTo * for the last), got " + tier);
                }
                tiers.add(new Plan.Tier(parts[0].trim().equals("*") ? null : Long.parseLong(parts[0].trim()),
                        new BigDecimal(parts[1].trim())));
            }
        }
        return new Plan(id, name, baseFeeCents, included, tiers, cap.equals("none") ? null : Long.parseLong(cap));
    }

    static String describe(Plan plan) {
        StringBuilder text = new StringBuilder();
        text.append(plan.id()).append(": ").append(plan.name()).append(", base fee ").append(plan.baseFeeCents())
                .append(" cents a month, ").append(plan.includedExecutions()).append(" executions included");
        long lower = plan.includedExecutions();
        for (Plan.Tier tier : plan.tiers()) {
            text.append(", then ").append(tier.upTo() == null ? "beyond " + lower : "up to " + tier.upTo())
                    .append(" at ").append(tier.unitCents().toPlainString()).append(" cents");
            if (tier.upTo() != null) {
                lower = tier.upTo();
            }
        }
        text.append(plan.hardCap() == null ? ", no hard cap" : ", hard cap " + plan.hardCap());
        return text.toString();
    }
}
