/** Workflows and their immutable versions. */
@ApplicationModule(allowedDependencies = {"identity", "platform"})
package io.pumpflix.workflow;

import org.springframework.modulith.ApplicationModule;
