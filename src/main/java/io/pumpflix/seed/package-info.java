/** The seed command for benchmarks and demos. */
@ApplicationModule(allowedDependencies = {"platform"})
package io.pumpflix.seed;

import org.springframework.modulith.ApplicationModule;
