package io.pumpflix.metering;

import static org.assertj.core.api.Assertions.assertThat;

import io.pumpflix.DatabaseTest;
import io.pumpflix.identity.Actor;
import io.pumpflix.workflow.Workflows;
import java.time.Clock;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** The console's usage charts: executions per day of a month and per month, of one organization only. */
class UsageSeriesTest extends DatabaseTest {

    @Autowired
    UsageMetrics usage;

    @Autowired
    Workflows workflows;

    private void logAt(UUID workflowId, LocalDateTime when, int count) {
        for (int i = 0; i < count; i++) {
            jdbc.sql("""
                    SELECT count(*) FROM pumpflix.insert_executions(ARRAY[?::uuid], ARRAY['success'], ARRAY['[{}]'::jsonb],
                                                                    NULL::jsonb[], ARRAY[?::timestamp], ARRAY[0])""")
                    .params(workflowId, when).query(Long.class).single();
        }
    }

    @Test
    void countsEachDayAndEachMonthOfTheOrganization() {
        Actor owner = signedUpOwner();
        Actor stranger = signedUpOwner();
        UUID mine = as(owner, () -> workflows.create(owner, "Mine", null, "{\"nodes\": []}").id());
        UUID theirs = as(stranger, () -> workflows.create(stranger, "Theirs", null, "{\"nodes\": []}").id());
        YearMonth month = YearMonth.now(Clock.systemUTC());
        LocalDate today = LocalDate.now(Clock.systemUTC());
        logAt(mine, month.atDay(1).atTime(0, 0, 1), 3);
        logAt(mine, today.atTime(0, 0, 2), 1);
        logAt(mine, month.minusMonths(1).atDay(15).atTime(12, 0), 4);
        logAt(theirs, today.atTime(0, 0, 3), 5);

        List<ExecutionCount> days = as(owner, () -> usage.daily(owner, month));
        assertThat(days).hasSize(month.lengthOfMonth());
        assertThat(days.get(0).period()).isEqualTo(month.atDay(1));
        Map<LocalDate, Long> nonZero = days.stream().filter(d -> d.executions() > 0)
                .collect(Collectors.toMap(ExecutionCount::period, ExecutionCount::executions));
        assertThat(nonZero).isEqualTo(today.getDayOfMonth() == 1 ? Map.of(today, 4L)
                : Map.of(month.atDay(1), 3L, today, 1L));

        List<ExecutionCount> months = as(owner, () -> usage.monthly(owner, month, 3));
        assertThat(months).containsExactly(new ExecutionCount(month.minusMonths(2).atDay(1), 0),
                new ExecutionCount(month.minusMonths(1).atDay(1), 4), new ExecutionCount(month.atDay(1), 4));
        assertThat(as(stranger, () -> usage.monthly(stranger, month, 1)))
                .containsExactly(new ExecutionCount(month.atDay(1), 5));
    }
}
