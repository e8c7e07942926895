package io.pumpflix.metering.web;

import io.pumpflix.identity.Actor;
import io.pumpflix.metering.Usage;
import io.pumpflix.metering.UsageMetrics;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "Usage")
class UsageController {

    private final UsageMetrics metrics;

    UsageController(UsageMetrics metrics) {
        this.metrics = metrics;
    }

    @GetMapping("/api/v1/usage")
    @Operation(operationId = "getUsage", summary = "get_user_usage_metrics for the caller")
    Usage usage(Actor actor) {
        return metrics.forActor(actor);
    }
}
