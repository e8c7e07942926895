/** Invoices through create_invoice and their lifecycle. */
@ApplicationModule(allowedDependencies = {"identity", "platform"})
package io.pumpflix.billing;

import org.springframework.modulith.ApplicationModule;
