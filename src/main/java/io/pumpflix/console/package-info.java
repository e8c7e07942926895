/**
 * The web console: server-rendered pages at {@code /} over the modules' doors (never the
 * database), signed in with a session cookie (docs/console.md).
 */
@ApplicationModule(allowedDependencies = {"identity", "workflow", "execution", "engine", "credential", "billing",
        "marketplace", "prompt", "metering", "audit", "platform"})
package io.pumpflix.console;

import org.springframework.modulith.ApplicationModule;
