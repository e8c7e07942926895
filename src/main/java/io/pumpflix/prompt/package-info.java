/** Each member's AI prompt templates. */
@ApplicationModule(allowedDependencies = {"identity", "platform"})
package io.pumpflix.prompt;

import org.springframework.modulith.ApplicationModule;
