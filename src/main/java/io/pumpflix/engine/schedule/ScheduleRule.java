package io.pumpflix.engine.schedule;

import io.pumpflix.engine.node.ScheduleTrigger;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;

/**
 * A rule of the clock: a cron expression in a time zone. db-scheduler keeps one execution per
 * rule in use (its task data, as JSON, {@link ScheduleJson}); each of its ticks fires every
 * schedule with that rule. However many workflows tick every minute, the clock does one pick and
 * one reschedule a minute for them.
 */
public record ScheduleRule(String cron, String timezone) {

    /** How late a tick may still fire: a tick missed for longer (every instance down) is skipped. */
    static final Duration GRACE = Duration.ofSeconds(5);

    /** The task instance of the rule. */
    String instanceId() {
        return timezone + " " + cron;
    }

    /** The first tick strictly after {@code after}; null when the expression never fires again. */
    Instant nextAfter(Instant after) {
        ZonedDateTime next = ScheduleTrigger.cron(cron).next(after.atZone(ScheduleTrigger.zone(timezone)));
        return next == null ? null : next.toInstant();
    }

    /**
     * The tick after the one due at {@code due}: the next by the rule, unless that one is more
     * than {@link #GRACE} past already (every instance was down): then the next after now, so
     * missed ticks fire once, not once each. Null when the rule never fires again.
     */
    Instant nextTick(Instant due, Instant now) {
        Instant following = nextAfter(due);
        if (following != null && following.isBefore(now.minus(GRACE))) {
            following = nextAfter(now);
        }
        return following;
    }
}
