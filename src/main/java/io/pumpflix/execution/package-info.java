/** The execution log and lifecycle, retention. */
@ApplicationModule(allowedDependencies = {"identity", "platform"})
package io.pumpflix.execution;

import org.springframework.modulith.ApplicationModule;
