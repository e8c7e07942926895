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
        html.append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Invoice ")
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
                .append(document.invoice().createdAt()).append("</p>");
        html.append("<table><thead><tr><th>Description</th><th class=\"n\">Quantity</th><th class=\"n\">Unit price (cents)"
                + "</th><th class=\"n\">Amount</th></tr></thead><tbody>");
        for (InvoiceLine line : document.lines()) {
            html.append("<tr><td>").append(escape(line.description())).append("</td><td class=\"n\">")
                    .append(line.quantity().toPlainString()).append("</td><td class=\"n\">")
                    .append(line.unitAmountCents().toPlainString()).append("</td><td class=\"n\">")
                    .append(money(line.amountCents())).append("</td></tr>");
        }
        html.append("</tbody><tfoot><tr><td colspan=\"3\">Total</td><td class=\"n\">")
                .append(money(document.invoice().amountCents())).append("</td></tr></tfoot></table></body></html>");
        return html.toString();
    }

    private static String money(long cents) {
        return BigDecimal.valueOf(cents).divide(BigDecimal.valueOf(100), 2, RoundingMode.UNNECESSARY).toPlainString();
    }

    private static String escape(String text) {
        return HtmlUtils.htmlEscape(text);
    }
}
