/** The --demo organization. */
@ApplicationModule(allowedDependencies = {"identity", "workflow", "execution", "engine", "platform"})
package io.pumpflix.demo;

import org.springframework.modulith.ApplicationModule;
