package io.pumpflix.billing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pumpflix.DatabaseTest;
import io.pumpflix.identity.Actor;
import io.pumpflix.identity.Role;
import io.pumpflix.platform.ConflictException;
import io.pumpflix.platform.NotAllowedException;
import io.pumpflix.platform.NotFoundException;
import java.time.LocalDate;
import java.util.EnumSet;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

class InvoiceLifecycleTest extends DatabaseTest {

    @Autowired
    Invoices service;

    Actor owner;

    @BeforeEach
    void organization() {
        owner = signedUpOwner();
    }

    private UUID invoice(InvoiceStatus status) {
        return routines.createInvoice(owner.organizationId(), 1000, status.dbValue(), LocalDate.of(2026, 10, 1),
                LocalDate.of(2026, 10, 31));
    }

    @Test
    void followsStripesLifecycleExactly() {
        Set<String> allowed = Set.of("DRAFT>OPEN", "OPEN>PAID", "OPEN>VOID", "OPEN>UNCOLLECTIBLE",
                "UNCOLLECTIBLE>PAID", "UNCOLLECTIBLE>VOID");
        for (InvoiceStatus from : InvoiceStatus.values()) {
            for (InvoiceStatus to : EnumSet.allOf(InvoiceStatus.class)) {
                UUID id = invoice(from);
                boolean legal = allowed.contains(from + ">" + to);
                if (legal) {
                    as(owner, () -> service.changeStatus(owner, id, to));
                } else {
                    assertThatThrownBy(() -> as(owner, () -> service.changeStatus(owner, id, to))).as(from + " > " + to)
                            .isInstanceOf(ConflictException.class);
                }
                assertThat(status(id)).isEqualTo(legal ? to : from);
            }
        }
        assertThat(jdbc.sql("SELECT count(*) FROM audit_log WHERE organization_id = ? AND action = 'invoice.status_changed'")
                .param(owner.organizationId()).query(Long.class).single()).isEqualTo(allowed.size());
    }

    @Test
    void onlyOwnersChangeStatusAndOtherTenantsSeeNothing() {
        UUID id = invoice(InvoiceStatus.OPEN);
        Actor admin = invited(owner, Role.ADMIN);
        Actor rival = signedUpOwner();

        assertThatThrownBy(() -> as(admin, () -> service.changeStatus(admin, id, InvoiceStatus.PAID))).isInstanceOf(NotAllowedException.class);
        assertThatThrownBy(() -> as(rival, () -> service.changeStatus(rival, id, InvoiceStatus.PAID))).isInstanceOf(NotFoundException.class);
        assertThat(status(id)).isEqualTo(InvoiceStatus.OPEN);
    }

    private InvoiceStatus status(UUID invoiceId) {
        return InvoiceStatus.fromDb(jdbc.sql("SELECT status FROM invoices WHERE id = ?").param(invoiceId)
                .query(String.class).single());
    }
}
