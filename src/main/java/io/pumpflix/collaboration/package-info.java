/** WebSocket sessions and presence on a workflow. */
@ApplicationModule(allowedDependencies = {"identity", "platform"})
package io.pumpflix.collaboration;

import org.springframework.modulith.ApplicationModule;
