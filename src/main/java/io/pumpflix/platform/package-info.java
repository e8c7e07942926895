/** What every module shares: database start-up, tenant scopes, SQLSTATE mapping, problem documents. */
@ApplicationModule(allowedDependencies = {})
package io.pumpflix.platform;

import org.springframework.modulith.ApplicationModule;
