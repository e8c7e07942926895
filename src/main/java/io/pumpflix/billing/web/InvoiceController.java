package io.pumpflix.billing.web;

import io.pumpflix.billing.Invoice;
import io.pumpflix.billing.InvoiceDocument;
import io.pumpflix.billing.InvoiceStatus;
import io.pumpflix.billing.Invoices;
import io.pumpflix.identity.Actor;
import io.pumpflix.platform.Page;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/invoices")
@Tag(name = "Invoices")
class InvoiceController {

    private final Invoices invoices;

    InvoiceController(Invoices invoices) {
        this.invoices = invoices;
    }

    record NewInvoice(Integer amountCents, String status, LocalDate billingPeriodStart, LocalDate billingPeriodEnd) {
    }

    record StatusChange(String status) {
    }

    @GetMapping
    @Operation(operationId = "listInvoices", summary = "The organization's invoices, newest first (owners and admins)")
    Page<Invoice> list(Actor actor, @RequestParam(required = false) Integer limit,
            @RequestParam(required = false) String cursor) {
        return invoices.list(actor, Page.size(limit), Page.Cursor.decode(cursor));
    }

    @GetMapping("/{invoiceId}")
    @Operation(operationId = "getInvoice", summary = "One invoice with its lines (owners and admins)",
            description = "An invoice of the billing run lists its lines: description, quantity, unit price in cents "
                    + "(maybe a fraction of a cent) and amount in whole cents; the amount is the sum of the lines.")
    InvoiceDocument get(Actor actor, @PathVariable UUID invoiceId) {
        return invoices.document(actor, invoiceId);
    }

    @GetMapping(value = "/{invoiceId}/print", produces = MediaType.TEXT_HTML_VALUE)
    @Operation(operationId = "printInvoice", summary = "One invoice as a printable HTML page (owners and admins)")
    ResponseEntity<String> print(Actor actor, @PathVariable UUID invoiceId) {
        return ResponseEntity.ok().contentType(new MediaType(MediaType.TEXT_HTML, StandardCharsets.UTF_8))
                .header("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'")
                .body(InvoicePage.html(invoices.document(actor, invoiceId)));
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(operationId = "createInvoice", summary = "Create an invoice, a draft unless a status is given (owners)",
            description = "Records an invoice by hand through the documented `create_invoice`; the billing run makes invoices with lines by itself (docs/billing.md).")
    Invoice create(Actor actor, @RequestBody NewInvoice request) {
        return invoices.create(actor, request.amountCents(),
                request.status() == null ? null : InvoiceStatus.parse(request.status(), "status"),
                request.billingPeriodStart(), request.billingPeriodEnd());
    }

    @PostMapping("/{invoiceId}/status")
    @Operation(operationId = "changeInvoiceStatus", summary = "Move an invoice along Stripe's lifecycle (owners)",
            description = "draft → open; open → paid, void or uncollectible; uncollectible → paid or void (Stripe's lifecycle); anything else is 409.")
    Invoice changeStatus(Actor actor, @PathVariable UUID invoiceId, @RequestBody StatusChange change) {
        return invoices.changeStatus(actor, invoiceId, InvoiceStatus.parse(change.status(), "status"));
    }
}
