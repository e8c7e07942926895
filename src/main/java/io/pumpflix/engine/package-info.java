/**
 * The workflow engine: definitions and their validation, expressions, node types, the run queue
 * with leases, triggers (manual runs, webhooks, schedules, sub-workflows, error workflows), n8n
 * import and outbound calls. See docs/engine.md.
 */
@ApplicationModule(allowedDependencies = {"identity", "workflow", "execution", "credential", "prompt", "billing", "platform"})
package io.pumpflix.engine;

import org.springframework.modulith.ApplicationModule;
