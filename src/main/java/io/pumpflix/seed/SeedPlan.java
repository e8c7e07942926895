package io.pumpflix.seed;

import java.util.HexFormat;
import java.util.Map;

/**
 * What {@code pumpflix seed} makes. The first organization is the busy one: it gets
 * {@code hotShare} of the executions, the others share the rest evenly. Executions start at
 * random times spread over the last {@code months} months (UTC), the current one included.
 * They are written in chunks of {@code chunkSize} (100,000), each one transaction.
 */
record SeedPlan(int organizations, int usersPerOrganization, int workflowsPerOrganization, long executions,
        int months, double hotShare, long randomSeed, int chunkSize) {

    static SeedPlan parse(Map<String, String> options) {
        SeedPlan plan = new SeedPlan(
                intOption(options, "organizations", 10, 1, 100_000),
                intOption(options, "users", 5, 1, 10_000),
                intOption(options, "workflows", 20, 1, 100_000),
                longOption(options, "executions", 1_000_000, 0, 2_000_000_000L),
                intOption(options, "months", 12, 1, 240),
                Double.parseDouble(options.getOrDefault("hot-share", "0.5")),
                longOption(options, "seed", 42, Long.MIN_VALUE, Long.MAX_VALUE),
                intOption(options, "chunk", 100_000, 1, 1_000_000));
        if (!(plan.hotShare() >= 0 && plan.hotShare() <= 1)) {
            throw new IllegalArgumentException("--hot-share must be between 0 and 1");
        }
        return plan;
    }

    /** Names this plan, so that running it again resumes it instead of starting another. */
    String runId() {
        return HexFormat.of().toHexDigits(hashCode()).substring(0, 8);
    }

    long chunks() {
        return (executions + chunkSize - 1) / chunkSize;
    }

    private static int intOption(Map<String, String> options, String name, int fallback, int min, int max) {
        return (int) longOption(options, name, fallback, min, max);
    }

    private static long longOption(Map<String, String> options, String name, long fallback, long min, long max) {
        String value = options.get(name);
        if (value == null) {
            return fallback;
        }
        long parsed;
        try {
            parsed = Long.parseLong(value.replace("_", ""));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + " must be a whole number, got " + value);
        }
        if (parsed < min || parsed > max) {
            throw new IllegalArgumentException("--" + name + " must be between " + min + " and " + max);
        }
        return parsed;
    }
}
