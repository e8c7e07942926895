package io.pumpflix.billing;

import io.pumpflix.platform.Check;
import io.pumpflix.platform.OwnerDatabase;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * The plans table ({@code pumpflix.plans}), the operator's: read by everyone, written by the
 * {@code plans} command as the tables' owner.
 */
@Component
class PlanStore {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    static final RowMapper<Plan> PLAN = (rs, n) -> new Plan(rs.getString("id"), rs.getString("name"),
            rs.getLong("base_fee_cents"), rs.getLong("included_executions"), tiers(rs.getString("tiers")),
            (Long) rs.getObject("hard_cap"));

    private final OwnerDatabase owner;

    PlanStore(OwnerDatabase owner) {
        this.owner = owner;
    }

    static List<Plan.Tier> tiers(String json) {
        List<Plan.Tier> tiers = new ArrayList<>();
        for (Object raw : JSON.readValue(json, List.class)) {
            Map<?, ?> tier = (Map<?, ?>) raw;
            Object upTo = tier.get("upTo");
            tiers.add(new Plan.Tier(upTo == null ? null : ((Number) upTo).longValue(),
                    new BigDecimal(String.valueOf(tier.get("unitCents")))));
        }
        return tiers;
    }

    static String json(List<Plan.Tier> tiers) {
        List<Map<String, Object>> list = new ArrayList<>();
        for (Plan.Tier tier : tiers) {
            Map<String, Object> one = new LinkedHashMap<>();
            one.put("upTo", tier.upTo());
            one.put("unitCents", tier.unitCents().toPlainString());
            list.add(one);
        }
        return JSON.writeValueAsString(list);
    }

    /** Every plan, cheapest first: the one listing of plans, for the operator here and for tenants in SubscriptionStore. */
    static final String ALL = "SELECT * FROM pumpflix.plans ORDER BY base_fee_cents, id";

    List<Plan> all() {
        return owner.jdbc().sql(ALL).query(PLAN).list();
    }

    Optional<Plan> find(String id) {
        return owner.jdbc().sql("SELECT * FROM pumpflix.plans WHERE id = ?").param(id).query(PLAN).optional();
    }

    /** Creates or replaces a plan, after checking that its tiers make sense. */
    Plan save(Plan plan) {
        validate(plan);
        owner.jdbc().sql("""
                INSERT INTO pumpflix.plans (id, name, base_fee_cents, included_executions, tiers, hard_cap)
                VALUES (?, ?, ?, ?, ?::jsonb, ?)
                ON CONFLICT (id) DO UPDATE SET name = excluded.name, base_fee_cents = excluded.base_fee_cents,
                    included_executions = excluded.included_executions, tiers = excluded.tiers, hard_cap = excluded.hard_cap""")
                .params(plan.id(), plan.name(), plan.baseFeeCents(), plan.includedExecutions(), json(plan.tiers()),
                        plan.hardCap())
                .update();
        return find(plan.id()).orElseThrow();
    }

    /** The rules of a plan: a lowercase id, a name, no negative amounts, tiers ascending past the included, the last open. */
    static void validate(Plan plan) {
        if (plan.id() == null || !plan.id().matches("[a-z0-9][a-z0-9-]{0,39}")) {
            throw Check.invalid("id", "must be 1 to 40 lowercase letters, digits or dashes");
        }
        Check.text(plan.name(), "name", 100);
        if (plan.baseFeeCents() < 0 || plan.includedExecutions() < 0 || (plan.hardCap() != null && plan.hardCap() < 0)) {
            throw Check.invalid("plan", "amounts and counts must not be negative");
        }
        long lower = plan.includedExecutions();
        for (int i = 0; i < plan.tiers().size(); i++) {
            Plan.Tier tier = plan.tiers().get(i);
            if (tier.unitCents() == null || tier.unitCents().signum() < 0) {
                throw Check.invalid("tiers[" + i + "].unitCents", "must be a price in cents, not negative");
            }
            boolean last = i == plan.tiers().size() - 1;
            if (tier.upTo() == null != last) {
                throw Check.invalid("tiers[" + i + "].upTo", "only the last tier is open-ended (upTo null), and it must be");
            }
            if (tier.upTo() != null && tier.upTo() <= lower) {
                throw Check.invalid("tiers[" + i + "].upTo", "must be above " + lower
                        + " (the included executions and the tier before)");
            }
            if (tier.upTo() != null) {
                lower = tier.upTo();
            }
        }
    }
}
