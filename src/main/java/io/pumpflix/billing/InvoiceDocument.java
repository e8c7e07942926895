package io.pumpflix.billing;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import java.util.List;

/** An invoice with its lines (none for an invoice typed in by hand). */
public record InvoiceDocument(@JsonUnwrapped Invoice invoice, List<InvoiceLine> lines) {
}
