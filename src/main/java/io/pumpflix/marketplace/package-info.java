/** Templates made from workflows; browse and install. */
@ApplicationModule(allowedDependencies = {"identity", "platform"})
package io.pumpflix.marketplace;

import org.springframework.modulith.ApplicationModule;
