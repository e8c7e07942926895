package io.pumpflix.seed;

import java.io.PrintStream;
import java.util.Map;
import java.util.UUID;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * One organization made by the seeder of {@code pumpflix seed} (for tests that need a large
 * organization): its id and its owner's email.
 */
public record SeededOrganization(UUID organizationId, UUID ownerId, String ownerEmail) {

    public static SeededOrganization seed(ApplicationContext context, JdbcClient owner, int workflows, long executions,
            PrintStream out) {
        SeedPlan plan = SeedPlan.parse(Map.of("organizations", "1", "users", "2", "workflows", Integer.toString(workflows),
                "executions", Long.toString(executions), "months", "12", "hot-share", "1",
                "seed", Long.toString(System.nanoTime()), "chunk", "100000"));
        context.getBean(Seeder.class).seed(plan, out);
        return owner.sql("""
                SELECT o.id AS organization_id, u.id AS user_id, u.email FROM public.organizations o
                JOIN public.users u ON u.organization_id = o.id AND u.role = 'owner'
                WHERE o.name LIKE 'seed ' || ? || ' %'""").param(plan.runId())
                .query((rs, n) -> new SeededOrganization(rs.getObject("organization_id", UUID.class),
                        rs.getObject("user_id", UUID.class), rs.getString("email"))).single();
    }
}
