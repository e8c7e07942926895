/**
 * Usage-based billing (docs/billing.md): plans, subscriptions, the monthly billing run, quotas,
 * and invoices through create_invoice with their lifecycle.
 */
@ApplicationModule(allowedDependencies = {"identity", "execution", "platform"})
package io.pumpflix.billing;

import org.springframework.modulith.ApplicationModule;
