/** Organizations, members and roles, sign-up and sign-in, bearer tokens, the role matrix. */
@ApplicationModule(allowedDependencies = {"platform"})
package io.pumpflix.identity;

import org.springframework.modulith.ApplicationModule;
