package io.pumpflix.metering;

import java.time.LocalDate;

/** How many executions a period (a day, or a month named by its first day) had. */
public record ExecutionCount(LocalDate period, long executions) {
}
