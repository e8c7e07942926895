package io.pumpflix.engine.schedule;

import io.pumpflix.engine.node.ScheduleTrigger;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.UUID;

/**
 * What a schedule's execution in db-scheduler's table holds (as JSON, {@link ScheduleJson}): the
 * workflow, the version whose scheduleTrigger node it follows, and the node's cron and zone.
 */
public record ScheduleData(UUID organizationId, UUID workflowId, UUID versionId, String node, String cron,
        String timezone) {

    /** The task instance: one per workflow and scheduleTrigger node. */
    String instanceId() {
        return workflowId + "/" + node;
    }

    /** How late a tick may still fire: a tick missed for longer (every instance down) is skipped. */
    static final java.time.Duration GRACE = java.time.Duration.ofSeconds(5);

    /**
     * The tick after the one due at {@code due}: the next by the rule, unless that one is more
     * than {@link #GRACE} past already (every instance was down, or the schedule was paused): then
     * the next after now, so missed ticks fire once, not once each. Null when the rule never fires
     * again.
     */
    Instant nextTick(Instant due, Instant now) {
        Instant following = nextAfter(due);
        if (following != null && following.isBefore(now.minus(GRACE))) {
            following = nextAfter(now);
        }
        return following;
    }

    /** The first tick strictly after {@code after}; null when the expression never fires again. */
    Instant nextAfter(Instant after) {
        ZonedDateTime next = ScheduleTrigger.cron(cron).next(after.atZone(ScheduleTrigger.zone(timezone)));
        return next == null ? null : next.toInstant();
    }
}
