/** Credentials encrypted at rest, the keyring and its rotation, the usage log. */
@ApplicationModule(allowedDependencies = {"identity", "platform"})
package io.pumpflix.credential;

import org.springframework.modulith.ApplicationModule;
