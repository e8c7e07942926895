package io.pumpflix.engine.node;

import io.pumpflix.engine.definition.Checks;
import io.pumpflix.engine.definition.NodeDefinition;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.springframework.scheduling.support.CronExpression;
import org.springframework.stereotype.Component;

/**
 * Start point on a clock: {@code cron} (Spring's six fields, seconds first, or the classic five,
 * which start at second 0) in {@code timezone} (default UTC). Each tick fires once across every
 * instance while the workflow's current version has the node and the workflow is not archived
 * (db-scheduler keeps the ticks; docs/engine.md). Emits {@code {timestamp, timezone}}: the time
 * the tick was due.
 */
@Component
public class ScheduleTrigger implements NodeType {

    @Override
    public String name() {
        return "scheduleTrigger";
    }

    @Override
    public int inputs() {
        return 0;
    }

    @Override
    public boolean trigger() {
        return true;
    }

    @Override
    public void validate(NodeDefinition node, Checks checks) {
        Object cron = node.parameter("cron");
        if (!(cron instanceof String text) || text.isBlank()) {
            checks.error("cron", cron == null ? "is required" : "must be a cron expression");
        } else {
            try {
                cron(text);
            } catch (IllegalArgumentException e) {
                checks.error("cron", "is not a cron expression (six fields, seconds first, or five): " + e.getMessage());
            }
        }
        Object zone = node.parameter("timezone");
        if (zone != null) {
            try {
                zone(zone instanceof String text ? text : "");
            } catch (DateTimeException e) {
                checks.error("timezone", "is not a time zone (for example Europe/Paris or UTC): " + zone);
            }
        }
    }

    /** Spring's cron; a classic five-field expression fires at second 0. */
    public static CronExpression cron(String text) {
        String trimmed = text.trim();
        return CronExpression.parse(trimmed.split("\\s+").length == 5 ? "0 " + trimmed : trimmed);
    }

    public static ZoneId zone(String text) {
        return text == null || text.isBlank() ? ZoneId.of("UTC") : ZoneId.of(text);
    }

    @Override
    public List<List<Map<String, Object>>> run(NodeCall call) {
        return List.of(call.inputs().get(0));
    }
}
