/** WebSocket sessions and presence on a workflow, and the engine's run events relayed to who watches. */
@ApplicationModule(allowedDependencies = {"identity", "engine", "platform"})
package io.pumpflix.collaboration;

import org.springframework.modulith.ApplicationModule;
