-- Billing (shared/spec/behaviour.md, "Routines").

CREATE PROCEDURE public.create_invoice(
    IN p_org_id UUID,
    IN p_amount_cents INT,
    IN p_status TEXT,
    IN p_billing_start DATE,
    IN p_billing_end DATE,
    OUT p_invoice_id UUID
)
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pumpflix.require_present(p_amount_cents, 'p_amount_cents');
    IF p_amount_cents < 0 THEN
        RAISE EXCEPTION 'p_amount_cents: must not be negative, got %', p_amount_cents USING ERRCODE = '22023';
    END IF;
    PERFORM pumpflix.require_one_of(p_status, 'p_status', ARRAY['draft', 'open', 'paid', 'void', 'uncollectible']);
    PERFORM pumpflix.require_present(p_billing_start, 'p_billing_start');
    PERFORM pumpflix.require_present(p_billing_end, 'p_billing_end');
    IF p_billing_start > p_billing_end THEN
        RAISE EXCEPTION 'p_billing_start: % is after p_billing_end %', p_billing_start, p_billing_end
            USING ERRCODE = '22023';
    END IF;
    PERFORM pumpflix.require_organization(p_org_id, 'p_org_id');

    INSERT INTO public.invoices (organization_id, amount_cents, status, billing_period_start, billing_period_end, created_at)
    VALUES (p_org_id, p_amount_cents, p_status, p_billing_start, p_billing_end, pumpflix.utc_now())
    RETURNING id INTO p_invoice_id;
END
$$;
