package io.pumpflix.billing;

import java.math.BigDecimal;
import java.util.List;

/**
 * A plan, as the operator defined it: a monthly base fee (cents), executions included, graduated
 * tiers for the executions beyond (each execution priced by the tier its position in the month
 * falls in; {@code upTo} is the last position of a tier, inclusive, null for the last tier), and a
 * hard cap of executions a month, or none.
 */
public record Plan(String id, String name, long baseFeeCents, long includedExecutions, List<Tier> tiers,
        Long hardCap) {

    /** A tier of overage: executions up to position {@code upTo} (inclusive; null: no end) at {@code unitCents} each. */
    public record Tier(Long upTo, BigDecimal unitCents) {
    }
}
