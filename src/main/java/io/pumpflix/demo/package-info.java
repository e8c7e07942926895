/** The --demo organization. */
@ApplicationModule(allowedDependencies = {"identity", "workflow", "execution", "platform"})
package io.pumpflix.demo;

import org.springframework.modulith.ApplicationModule;
