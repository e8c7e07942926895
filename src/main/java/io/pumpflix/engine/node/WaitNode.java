package io.pumpflix.engine.node;

import io.pumpflix.engine.definition.Checks;
import io.pumpflix.engine.definition.NodeDefinition;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Parks the run durably, for {@code seconds} or until {@code until} (an ISO-8601 time; both may be
 * expressions, read with the first item), then passes its items on. No thread waits: the run's
 * nodes so far are committed, its queue row waits until the time, and any instance resumes it.
 * A time already past passes the items on at once.
 */
@Component
class WaitNode implements NodeType {

    /** The longest wait: a year. */
    static final Duration LONGEST = Duration.ofDays(366);

    @Override
    public String name() {
        return "wait";
    }

    @Override
    public boolean runsWithinRequest() {
        return false;
    }

    @Override
    public void validate(NodeDefinition node, Checks checks) {
        Object seconds = node.parameter("seconds");
        Object until = node.parameter("until");
        if ((seconds == null) == (until == null)) {
            checks.error(seconds == null ? "seconds" : "until", "a wait node has either seconds or until");
            return;
        }
        if (seconds != null) {
            if (seconds instanceof Number number) {
                if (number.doubleValue() < 0 || number.doubleValue() > LONGEST.toSeconds()) {
                    checks.error("seconds", "must be 0 to " + LONGEST.toSeconds() + " seconds");
                }
            } else if (!(seconds instanceof String text && text.startsWith("="))) {
                checks.error("seconds", "must be a number of seconds or an expression");
            }
            checks.expression(seconds, "seconds");
        } else {
            if (until instanceof String text && !text.startsWith("=")) {
                try {
                    OffsetDateTime.parse(text);
                } catch (DateTimeParseException e) {
                    checks.error("until", "must be an ISO-8601 time with an offset (2026-12-01T09:00:00Z) or an expression");
                }
            } else if (!(until instanceof String)) {
                checks.error("until", "must be an ISO-8601 time or an expression");
            }
            checks.expression(until, "until");
        }
    }

    @Override
    public List<List<Map<String, Object>>> run(NodeCall call) {
        List<Map<String, Object>> items = call.inputs().get(0);
        Map<String, Object> first = items.isEmpty() ? Item.empty() : items.get(0);
        Instant now = Instant.now();
        Instant until;
        if (call.node().parameter("seconds") != null) {
            Object seconds = call.parameter("seconds", first);
            if (!(seconds instanceof Number number) || number.doubleValue() < 0
                    || number.doubleValue() > LONGEST.toSeconds()) {
                throw new NodeFailure("seconds", "seconds must be a number from 0 to " + LONGEST.toSeconds() + ", got "
                        + seconds, false);
            }
            until = now.plusMillis(Math.round(number.doubleValue() * 1000));
        } else {
            Object at = call.parameter("until", first);
            try {
                until = OffsetDateTime.parse(String.valueOf(at)).toInstant();
            } catch (DateTimeParseException e) {
                throw new NodeFailure("until", "until must be an ISO-8601 time with an offset, got " + at, false);
            }
            if (until.isAfter(now.plus(LONGEST))) {
                throw new NodeFailure("until", "until is more than a year away: " + at, false);
            }
        }
        if (until.isAfter(now)) {
            call.parkUntil(until);
        }
        return List.of(items);
    }
}
