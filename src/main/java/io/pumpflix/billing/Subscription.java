package io.pumpflix.billing;

import java.time.Instant;

/** The plan an organization is on now, since when. */
public record Subscription(Plan plan, Instant since) {
}
