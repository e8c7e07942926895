package io.pumpflix.metering;

/** A user's view of their organization's usage; {@code lastInvoiceAmount} is null without invoices. */
public record Usage(int totalExecutions, int monthlyExecutions, int totalInvoices, Integer lastInvoiceAmount) {
}
