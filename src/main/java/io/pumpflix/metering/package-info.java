/** Usage metrics from the per-month counters. */
@ApplicationModule(allowedDependencies = {"identity", "platform"})
package io.pumpflix.metering;

import org.springframework.modulith.ApplicationModule;
