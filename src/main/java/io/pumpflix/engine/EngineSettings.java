package io.pumpflix.engine;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The engine's limits and sizes ({@code pumpflix.engine.*}); docs/engine.md lists each with its
 * default and what happens when it is reached.
 *
 * @param workers runs executed at once by this instance
 * @param perOrganization runs of one organization running at once, across every instance
 * @param lease how long a claimed run stays with its instance without a renewal
 * @param poll how often an idle instance looks for runs queued by another instance
 * @param claimBatch runs claimed in one statement at most
 * @param runTimeout the default and the most a workflow's {@code settings.timeoutSeconds} may ask
 * @param maxItemsPerNode items one node may emit
 * @param maxNodeBytes JSON bytes one node may emit
 * @param maxRunBytes JSON bytes all nodes of a run may emit together
 * @param expressionTimeout time one expression may take
 * @param maxExpressionLength characters of one expression
 * @param maxNodes nodes in one definition
 * @param maxNesting JSON nesting depth of a definition
 * @param waitForResult how long {@code ?wait=true} and a webhook waiting for its last node wait
 * @param outboundAllow hosts or networks outbound requests may reach although private
 *     ({@code host}, {@code host:port}, {@code 10.0.0.0/8}, {@code [::1]:8080})
 * @param httpTimeout the default and the most an {@code httpRequest} may wait
 * @param maxResponseBytes the largest outbound response body read
 * @param webhookMaxBodyBytes the largest webhook request body
 * @param webhookRequestsPerSecond requests one webhook path takes per second on one instance (0: no limit)
 * @param maxSubWorkflowDepth how deep sub-workflows may nest (a workflow that calls itself stops there)
 * @param scheduleSync how often an instance brings db-scheduler's ticks in line with the current versions
 */
@ConfigurationProperties("pumpflix.engine")
public record EngineSettings(
        @DefaultValue("64") int workers,
        @DefaultValue("16") int perOrganization,
        @DefaultValue("PT30S") Duration lease,
        @DefaultValue("PT0.2S") Duration poll,
        @DefaultValue("64") int claimBatch,
        @DefaultValue("PT5M") Duration runTimeout,
        @DefaultValue("10000") int maxItemsPerNode,
        @DefaultValue("4194304") long maxNodeBytes,
        @DefaultValue("16777216") long maxRunBytes,
        @DefaultValue("PT1S") Duration expressionTimeout,
        @DefaultValue("10000") int maxExpressionLength,
        @DefaultValue("500") int maxNodes,
        @DefaultValue("32") int maxNesting,
        @DefaultValue("PT30S") Duration waitForResult,
        @DefaultValue("") List<String> outboundAllow,
        @DefaultValue("PT30S") Duration httpTimeout,
        @DefaultValue("4194304") long maxResponseBytes,
        @DefaultValue("1048576") long webhookMaxBodyBytes,
        @DefaultValue("500") double webhookRequestsPerSecond,
        @DefaultValue("10") int maxSubWorkflowDepth,
        @DefaultValue("PT1S") Duration scheduleSync) {
}
