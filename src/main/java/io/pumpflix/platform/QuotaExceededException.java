package io.pumpflix.platform;

import java.time.Instant;

/**
 * The organization's plan has a hard cap and it is reached (HTTP 402): the problem document names
 * the plan, the cap and when the count starts again.
 */
public final class QuotaExceededException extends RuntimeException {

    private final String plan;
    private final long cap;
    private final Instant resetsAt;

    public QuotaExceededException(String plan, long cap, Instant resetsAt) {
        super("the plan '" + plan + "' allows " + cap + " executions a month, and this month's are used up; "
                + "the count starts again at " + resetsAt + " (or change plan)");
        this.plan = plan;
        this.cap = cap;
        this.resetsAt = resetsAt;
    }

    public String plan() {
        return plan;
    }

    public long cap() {
        return cap;
    }

    public Instant resetsAt() {
        return resetsAt;
    }
}
