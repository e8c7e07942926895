package io.pumpflix.billing;

import io.pumpflix.platform.InvalidInputException;
import io.pumpflix.platform.MaintenanceCommands;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * {@code pumpflix billing run [--month=YYYY-MM]} bills a month that has ended (the last one by
 * default), with a progress line; {@code pumpflix plans} lists the plans and {@code pumpflix plans
 * set <id> --name=… [--base-fee-cents=…] [--included=…] [--tiers=upTo:unitCents,…,*:unitCents]
 * [--hard-cap=N|none]} creates or replaces one. In the embedded mode they use the database of a
 * service running on the same home, or start it. Exit codes: 0 done, 1 failed, 2 wrong usage.
 */
public final class BillingCommand {

    static final String BILLING_USAGE = "usage: pumpflix billing run [--month=YYYY-MM]";
    static final String PLANS_USAGE = "usage: pumpflix plans [list] | plans set <id> --name=<name> "
            + "[--base-fee-cents=N] [--included=N] [--tiers=<upTo>:<unit cents>,...,*:<unit cents>] [--hard-cap=N|none]";

    private BillingCommand() {
    }

    /** {@code billing ...}; returns the exit code. */
    public static int billing(Class<?> application, String[] args) {
        YearMonth month = YearMonth.now(ZoneOffset.UTC).minusMonths(1);
        if (args.length == 0 || !args[0].equals("run")) {
            System.err.println(BILLING_USAGE);
            return 2;
        }
        for (int i = 1; i < args.length; i++) {
            if (args[i].startsWith("--month=")) {
                try {
                    month = YearMonth.parse(args[i].substring("--month=".length()));
                } catch (DateTimeParseException e) {
                    System.err.println("pumpflix billing run: --month must be YYYY-MM, got " + args[i].substring(8));
                    return 2;
                }
            } else {
                System.err.println(BILLING_USAGE);
                return 2;
            }
        }
        YearMonth billed = month;
        try (ConfigurableApplicationContext context = MaintenanceCommands.application(application).run()) {
            BillingRun run = context.getBean(BillingRun.class);
            PrintStream out = System.out;
            long started = System.nanoTime();
            BillingRun.Progress done = run.run(billed, progress -> out.print("\rbilling " + billed + ": "
                    + progress.organizations() + " organizations, " + progress.invoiced() + " invoices made"));
            out.println("\rbilling " + billed + ": " + done.organizations() + " organizations, " + done.invoiced()
                    + " invoices made in " + String.format(java.util.Locale.ROOT, "%.1f", (System.nanoTime() - started) / 1e9)
                    + " s (organizations billed before are skipped)");
            return 0;
        } catch (InvalidInputException e) {
            System.err.println("pumpflix billing run: " + e.getMessage());
            return 2;
        } catch (RuntimeException e) {
            System.err.println("pumpflix billing run: " + e.getMessage());
            return 1;
        }
    }

    /** {@code plans ...}; returns the exit code. */
    public static int plans(Class<?> application, String[] args) {
        if (args.length == 0 || args[0].equals("list")) {
            if (args.length > 1) {
                System.err.println(PLANS_USAGE);
                return 2;
            }
            try (ConfigurableApplicationContext context = MaintenanceCommands.application(application).run()) {
                for (Plan plan : context.getBean(PlanStore.class).all()) {
                    System.out.println(describe(plan));
                }
                return 0;
            } catch (RuntimeException e) {
                System.err.println("pumpflix plans: " + e.getMessage());
                return 1;
            }
        }
        if (!args[0].equals("set") || args.length < 2 || args[1].startsWith("--")) {
            System.err.println(PLANS_USAGE);
            return 2;
        }
        Plan plan;
        try {
            plan = parse(args[1], options(args));
            PlanStore.validate(plan);
        } catch (IllegalArgumentException | InvalidInputException e) {
            System.err.println("pumpflix plans set: " + e.getMessage());
            System.err.println(PLANS_USAGE);
            return 2;
        }
        try (ConfigurableApplicationContext context = MaintenanceCommands.application(application).run()) {
            System.out.println(describe(context.getBean(PlanStore.class).save(plan)));
            return 0;
        } catch (RuntimeException e) {
            System.err.println("pumpflix plans set: " + e.getMessage());
            return 1;
        }
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 2; i < args.length; i++) {
            String arg = args[i];
            int equals = arg.indexOf('=');
            if (!arg.startsWith("--") || equals < 0) {
                throw new IllegalArgumentException("options are --name=value, got " + arg);
            }
            String name = arg.substring(2, equals);
            if (!List.of("name", "base-fee-cents", "included", "tiers", "hard-cap").contains(name)) {
                throw new IllegalArgumentException("unknown option --" + name);
            }
            options.put(name, arg.substring(equals + 1));
        }
        return options;
    }

    static Plan parse(String id, Map<String, String> options) {
        String name = options.get("name");
        if (name == null) {
            throw new IllegalArgumentException("--name is required");
        }
        List<Plan.Tier> tiers = new ArrayList<>();
        String tierText = options.getOrDefault("tiers", "");
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
        String cap = options.getOrDefault("hard-cap", "none");
        return new Plan(id, name, Long.parseLong(options.getOrDefault("base-fee-cents", "0")),
                Long.parseLong(options.getOrDefault("included", "0")), tiers,
                cap.equals("none") ? null : Long.parseLong(cap));
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
