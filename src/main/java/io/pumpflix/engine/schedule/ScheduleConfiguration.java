package io.pumpflix.engine.schedule;

import com.github.kagkarlsson.scheduler.boot.config.DbSchedulerCustomizer;
import com.github.kagkarlsson.scheduler.serializer.Serializer;
import com.github.kagkarlsson.scheduler.task.CompletionHandler;
import com.github.kagkarlsson.scheduler.task.TaskDescriptor;
import com.github.kagkarlsson.scheduler.task.helper.CustomTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import java.time.Instant;
import java.util.Optional;
import javax.sql.DataSource;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The schedules' clock: db-scheduler (its Spring Boot starter) with one task,
 * {@code workflow-schedule}, one execution per rule (cron and time zone) that a current version's
 * scheduleTrigger node uses; each tick fires every schedule of the rule. Its table lives in our
 * schema through our migrations (V19), it connects as the tables' owner, and its task data is JSON.
 */
@Configuration(proxyBeanMethods = false)
class ScheduleConfiguration {

    static final TaskDescriptor<ScheduleRule> TASK = TaskDescriptor.of("workflow-schedule", ScheduleRule.class);

    @Bean
    CustomTask<ScheduleRule> workflowScheduleTask(ScheduleTicks ticks) {
        return Tasks.custom(TASK)
                .onDeadExecutionRevive()
                .onFailure((complete, operations) -> {
                    // never stop a schedule because one tick failed: go on at the next tick
                    ScheduleRule rule = (ScheduleRule) complete.getExecution().taskInstance.getData();
                    Instant next = rule == null ? null
                            : rule.nextTick(complete.getExecution().executionTime, Instant.now());
                    if (next == null) {
                        operations.remove();
                    } else {
                        operations.reschedule(complete, next);
                    }
                })
                .execute((instance, context) -> {
                    Instant due = context.getExecution().executionTime;
                    ScheduleRule rule = instance.getData();
                    boolean inUse = ticks.fire(rule, due);
                    Instant at = inUse ? rule.nextTick(due, Instant.now()) : null;
                    if (at == null) {
                        return new CompletionHandler.OnCompleteRemove<>();
                    }
                    return (complete, operations) -> operations.reschedule(complete, at);
                });
    }

    @Bean
    DbSchedulerCustomizer pumpflixSchedulerCustomizer(@Qualifier("schedulerDataSource") DataSource dataSource) {
        return new DbSchedulerCustomizer() {
            @Override
            public Optional<Serializer> serializer() {
                return Optional.of(new ScheduleJson());
            }

            @Override
            public Optional<DataSource> dataSource() {
                return Optional.of(dataSource);
            }
        };
    }
}
