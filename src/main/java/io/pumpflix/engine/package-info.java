/**
 * The workflow engine: definitions and their validation, expressions, node types, the run queue
 * with leases, triggers (manual runs, webhooks) and outbound calls. See docs/engine.md.
 */
@ApplicationModule(allowedDependencies = {"identity", "workflow", "execution", "credential", "platform"})
package io.pumpflix.engine;

import org.springframework.modulith.ApplicationModule;
