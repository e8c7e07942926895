package io.pumpflix.billing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pumpflix.DatabaseTest;
import io.pumpflix.platform.InvalidInputException;
import io.pumpflix.platform.Routines;
import java.time.LocalDate;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class BillingRoutinesTest extends DatabaseTest {

    private static final String CREATE = "CALL create_invoice(?, ?, ?, ?, ?, NULL)";
    private static final LocalDate START = LocalDate.of(2026, 10, 1);
    private static final LocalDate END = LocalDate.of(2026, 10, 31);


    UUID org;
    InvoiceStore store;

    @BeforeEach
    void organization() {
        org = newOrganization();
        store = new InvoiceStore(new Routines(jdbc));
    }

    @ParameterizedTest
    @EnumSource(InvoiceStatus.class)
    void createsAnInvoiceInEachStripeStatus(InvoiceStatus status) {
        UUID id = callForId(CREATE, org, 4_200, status.dbValue(), START, END);

        Invoice invoice = store.find(id).orElseThrow();
        assertThat(invoice.organizationId()).isEqualTo(org);
        assertThat(invoice.amountCents()).isEqualTo(4_200);
        assertThat(invoice.status()).isEqualTo(status);
        assertThat(invoice.billingPeriodStart()).isEqualTo(START);
        assertThat(invoice.billingPeriodEnd()).isEqualTo(END);
        assertThat(invoice.createdAt()).isNotNull();
    }

    @Test
    void aFreeInvoiceAndAOneDayPeriodAreValid() {
        UUID id = routines.createInvoice(org, 0, "paid", START, START);
        assertThat(store.find(id).orElseThrow().amountCents()).isZero();
    }

    @Test
    void refusesEachInvalidInputAndLeavesNothingBehind() {
        assertRefused("P0002", "p_org_id", () -> callForId(CREATE, UUID.randomUUID(), 1, "open", START, END));
        assertRefused("22023", "p_amount_cents", () -> callForId(CREATE, org, -1, "open", START, END));
        assertRefused("22023", "p_amount_cents", () -> callForId(CREATE, org, null, "open", START, END));
        assertRefused("22023", "p_status", () -> callForId(CREATE, org, 1, "refunded", START, END));
        assertRefused("22023", "p_status", () -> callForId(CREATE, org, 1, null, START, END));
        assertRefused("22023", "p_billing_start", () -> callForId(CREATE, org, 1, "open", END, START));
        assertRefused("22023", "p_billing_start", () -> callForId(CREATE, org, 1, "open", null, END));
        assertRefused("22023", "p_billing_end", () -> callForId(CREATE, org, 1, "open", START, null));
        assertThatThrownBy(() -> routines.createInvoice(org, -5, "open", START, END))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("p_amount_cents");
    }
}
