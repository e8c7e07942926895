package io.pumpflix.billing;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.Schedules;
import java.time.YearMonth;
import java.time.ZoneOffset;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The billing run on the clock: db-scheduler (the engine's cluster-safe scheduler) fires it on one
 * instance at a time, every hour by default ({@code pumpflix.billing.schedule}, Spring cron, UTC);
 * each firing bills the month that ended last, which after the first firing of a month finds
 * every organization billed and does nothing.
 */
@Configuration(proxyBeanMethods = false)
class BillingSchedule {

    @Bean
    RecurringTask<Void> billingRunTask(BillingRun run,
            @Value("${pumpflix.billing.schedule:0 7 * * * *}") String cron) {
        return Tasks.recurring("billing-run", Schedules.cron(cron, ZoneOffset.UTC))
                .execute((instance, context) -> run.run(YearMonth.now(ZoneOffset.UTC).minusMonths(1), progress -> {
                }));
    }
}
