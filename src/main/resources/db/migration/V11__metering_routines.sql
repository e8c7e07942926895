-- Usage metrics (shared/spec/behaviour.md, "Routines").

CREATE FUNCTION public.get_user_usage_metrics(p_user_id UUID)
RETURNS TABLE (
    total_executions INT,
    monthly_executions INT,
    total_invoices INT,
    last_invoice_amount INT
)
LANGUAGE plpgsql STABLE AS $$
#variable_conflict use_column
DECLARE
    v_org uuid;
    v_month_start timestamp := date_trunc('month', pumpflix.utc_now());
BEGIN
    SELECT u.organization_id INTO v_org FROM public.users u WHERE u.id = p_user_id;
    IF NOT FOUND THEN
        RETURN;  -- unknown user: no row
    END IF;
    IF v_org IS NULL THEN
        RETURN QUERY SELECT 0, 0, 0, NULL::int;
        RETURN;
    END IF;

    RETURN QUERY SELECT
        (SELECT count(*)::int
           FROM public.workflow_executions e JOIN public.workflows w ON w.id = e.workflow_id
          WHERE w.organization_id = v_org),
        (SELECT count(*)::int
           FROM public.workflow_executions e JOIN public.workflows w ON w.id = e.workflow_id
          WHERE w.organization_id = v_org
            AND e.started_at >= v_month_start AND e.started_at < v_month_start + interval '1 month'),
        (SELECT count(*)::int FROM public.invoices i WHERE i.organization_id = v_org),
        (SELECT i.amount_cents FROM public.invoices i WHERE i.organization_id = v_org
          ORDER BY i.created_at DESC NULLS LAST, i.billing_period_end DESC NULLS LAST, i.id DESC
          LIMIT 1);
END
$$;
