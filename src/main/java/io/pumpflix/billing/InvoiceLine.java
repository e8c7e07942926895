package io.pumpflix.billing;

import java.math.BigDecimal;

/**
 * A line of an invoice: what it is, how many, at what unit price (cents; may be a fraction of a
 * cent), and its amount in whole cents, rounded once (half up). An invoice's amount is the sum of
 * its lines' amounts.
 */
public record InvoiceLine(String description, BigDecimal quantity, BigDecimal unitAmountCents, long amountCents) {
}
