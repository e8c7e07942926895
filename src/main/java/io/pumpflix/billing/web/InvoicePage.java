package io.pumpflix.billing.web;

import io.pumpflix.billing.InvoiceDocument;
import io.pumpflix.billing.InvoiceLine;
import java.math.BigDecimal;
import java.math.RoundingMode;
import org.springframework.web.util.HtmlUtils;

/** An invoice as a printable page: plain HTML, every text escaped, no script. */
final class InvoicePage {

    private InvoicePage() {
    }

    static String html(InvoiceDocument document) {
        StringBuilder html = new StringBuilder(4096);
        html.append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>Invoice ")
                .append(document.invoice().id())
                .append("</title><style>body{font-family:sans-serif;margin:2em;color:#222}table{border-collapse:collapse;"
                        + "width:100%}td,th{border-bottom:1px solid #ccc;padding:.4em;text-align:left}"
                        + "td.n,th.n{text-align:right}tfoot td{font-weight:bold}@media print{body{margin:0}}</style>"
                        + "</head><body>");
        html.append("<h1>Invoice</h1><p>Invoice ").append(document.invoice().id()).append("<br>Organization ")
                .append(document.invoice().organizationId()).append("<br>Period ")
                .append(document.invoice().billingPeriodStart()).append(" to ")
                .append(document.invoice().billingPeriodEnd()).append("<br>Status ")
                .append(escape(document.invoice().status().dbValue())).append("<br>Issued ")
                .append(issued(document.invoice().createdAt())).append("</p>");
        html.append("<table><thead><tr><th>Description</th><th class=\"n\">Quantity</th><th class=\"n\">Unit price (cents)"
                + "</th><th class=\"n\">Amount</th></tr></thead><tbody>");
        for (InvoiceLine line : document.lines()) {
            html.append("<tr><td>").append(escape(line.description())).append("</td><td class=\"n\">")
                    .append(quantity(line.quantity())).append("</td><td class=\"n\">")
                    .append(line.unitAmountCents().toPlainString()).append("</td><td class=\"n\">")
                    .append(money(line.amountCents())).append("</td></tr>");
        }
        html.append("</tbody><tfoot><tr><td colspan=\"3\">Total</td><td class=\"n\">")
                .append(money(document.invoice().amountCents())).append("</td></tr></tfoot></table></body></html>");
        return html.toString();
    }

    /** Whole quantities grouped by thousands (49,300), fractions as they are (0.532258). */
    private static String quantity(BigDecimal quantity) {
        return quantity.signum() == 0 || quantity.stripTrailingZeros().scale() <= 0
                ? String.format(java.util.Locale.ROOT, "%,d", quantity.toBigInteger()) : quantity.toPlainString();
    }

    private static String issued(java.time.Instant at) {
        return at == null ? "" : java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
                .withZone(java.time.ZoneOffset.UTC).format(at);
    }

    private static String money(long cents) {
        return BigDecimal.valueOf(cents).divide(BigDecimal.valueOf(100), 2, RoundingMode.UNNECESSARY).toPlainString();
    }

    private static String escape(String text) {
        return HtmlUtils.htmlEscape(text);
    }
}
