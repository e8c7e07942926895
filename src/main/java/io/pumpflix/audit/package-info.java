/** The append-only trail of sensitive operations; its only writer, and GET /api/v1/audit. */
@ApplicationModule(allowedDependencies = {"identity", "platform"})
package io.pumpflix.audit;

import org.springframework.modulith.ApplicationModule;
