-- Usage-based billing (docs/billing.md): plans, each organization's subscription history, invoice
-- lines, one billing record per organization and month, and the month's executions counted once.

-- The executions of an organization started in a calendar month (UTC), from the usage counters
-- (V15): the one place this count is written, for the usage metrics, quotas and invoices.
CREATE FUNCTION pumpflix.month_executions(p_organization_id uuid, p_month date)
RETURNS bigint
LANGUAGE sql STABLE AS $$
    SELECT coalesce(sum(c.executions), 0)::bigint FROM pumpflix.execution_counts c
    WHERE c.organization_id = p_organization_id AND c.month = p_month
$$;

-- get_user_usage_metrics (V15), same answers, its monthly count through the one function above.
CREATE OR REPLACE FUNCTION public.get_user_usage_metrics(p_user_id UUID)
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
    v_month date := date_trunc('month', pumpflix.utc_now())::date;
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
        (SELECT coalesce(sum(c.executions), 0)::int FROM pumpflix.execution_counts c WHERE c.organization_id = v_org),
        pumpflix.month_executions(v_org, v_month)::int,
        (SELECT count(*)::int FROM public.invoices i WHERE i.organization_id = v_org),
        (SELECT i.amount_cents FROM public.invoices i WHERE i.organization_id = v_org
          ORDER BY i.created_at DESC NULLS LAST, i.billing_period_end DESC NULLS LAST, i.id DESC
          LIMIT 1);
END
$$;

-- Plans, defined by the operator (the `plans` command): a monthly base fee, executions included,
-- graduated tiers for the executions beyond (as Stripe's graduated prices: each execution is
-- priced by the tier its position in the month falls in), and a hard cap or none. Prices are in
-- cents; a tier's unit price may be a fraction of a cent.
--   tiers: [{"upTo": <position, inclusive> | null, "unitCents": "<decimal>"}], ascending, the last unbounded
CREATE TABLE pumpflix.plans (
    id text PRIMARY KEY CONSTRAINT plans_id_form CHECK (id ~ '^[a-z0-9][a-z0-9-]{0,39}$'),
    name text NOT NULL CONSTRAINT plans_name_present CHECK (btrim(name) <> ''),
    base_fee_cents bigint NOT NULL CONSTRAINT plans_base_fee_not_negative CHECK (base_fee_cents >= 0),
    included_executions bigint NOT NULL DEFAULT 0 CONSTRAINT plans_included_not_negative CHECK (included_executions >= 0),
    tiers jsonb NOT NULL DEFAULT '[]' CONSTRAINT plans_tiers_list CHECK (jsonb_typeof(tiers) = 'array'),
    hard_cap bigint CONSTRAINT plans_hard_cap_not_negative CHECK (hard_cap >= 0),
    created_at timestamp NOT NULL DEFAULT (now() AT TIME ZONE 'UTC')
);

INSERT INTO pumpflix.plans (id, name, base_fee_cents, included_executions, tiers, hard_cap) VALUES
    ('free', 'Free', 0, 1000, '[]', 1000),
    ('pro', 'Pro', 4900, 50000,
     '[{"upTo": 1000000, "unitCents": "0.1"}, {"upTo": null, "unitCents": "0.05"}]', NULL);

-- Which plan each organization is on, over time: one row per period, the current one open
-- (ends_at NULL). executions_at_start is the organization's count of executions of the month of
-- starts_at when the period began, so that a month split by a plan change is billed by the plan
-- in force when each execution was logged.
CREATE TABLE pumpflix.subscriptions (
    organization_id uuid NOT NULL REFERENCES public.organizations (id) ON DELETE CASCADE,
    plan_id text NOT NULL REFERENCES pumpflix.plans (id),
    starts_at timestamp NOT NULL,
    ends_at timestamp,
    executions_at_start bigint NOT NULL DEFAULT 0,
    PRIMARY KEY (organization_id, starts_at),
    CONSTRAINT subscriptions_period_forward CHECK (ends_at IS NULL OR ends_at >= starts_at)
);
CREATE UNIQUE INDEX subscriptions_current_idx ON pumpflix.subscriptions (organization_id) WHERE ends_at IS NULL;

-- Every organization starts on the free plan (sign-up and any other way one is created).
CREATE FUNCTION pumpflix.subscribe_new_organization() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    INSERT INTO pumpflix.subscriptions (organization_id, plan_id, starts_at)
    VALUES (NEW.id, 'free', coalesce(NEW.created_at, now() AT TIME ZONE 'UTC'))
    ON CONFLICT DO NOTHING;
    RETURN NULL;
END
$$;
CREATE TRIGGER organizations_subscribe AFTER INSERT ON public.organizations
    FOR EACH ROW EXECUTE FUNCTION pumpflix.subscribe_new_organization();

-- Organizations that existed before billing: on the free plan since they were created.
INSERT INTO pumpflix.subscriptions (organization_id, plan_id, starts_at)
SELECT o.id, 'free', coalesce(o.created_at, now() AT TIME ZONE 'UTC') FROM public.organizations o
ON CONFLICT DO NOTHING;

-- Moves an organization to another plan now: the current period ends and a new one starts, with
-- the month's executions so far. The same plan again changes nothing. Returns the new period's start.
CREATE FUNCTION pumpflix.change_plan(p_organization_id uuid, p_plan_id text)
RETURNS timestamp
LANGUAGE plpgsql AS $$
DECLARE
    v_now timestamp := clock_timestamp() AT TIME ZONE 'UTC';
    v_current record;
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pumpflix.plans WHERE id = p_plan_id) THEN
        RAISE EXCEPTION 'plan: there is no plan %', p_plan_id USING ERRCODE = 'P0002';
    END IF;
    SELECT * INTO v_current FROM pumpflix.subscriptions
    WHERE organization_id = p_organization_id AND ends_at IS NULL FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'organization % has no subscription', p_organization_id USING ERRCODE = 'P0002';
    END IF;
    IF v_current.plan_id = p_plan_id THEN
        RETURN v_current.starts_at;
    END IF;
    UPDATE pumpflix.subscriptions SET ends_at = v_now
    WHERE organization_id = p_organization_id AND starts_at = v_current.starts_at;
    INSERT INTO pumpflix.subscriptions (organization_id, plan_id, starts_at, executions_at_start)
    VALUES (p_organization_id, p_plan_id, v_now,
            pumpflix.month_executions(p_organization_id, date_trunc('month', v_now)::date));
    RETURN v_now;
END
$$;

-- The lines of an invoice the billing run made: description, quantity, unit price (cents, maybe
-- a fraction), amount (whole cents, rounded once per line). The invoice's amount is their sum.
CREATE TABLE pumpflix.invoice_lines (
    invoice_id uuid NOT NULL REFERENCES public.invoices (id) ON DELETE CASCADE,
    position int NOT NULL,
    organization_id uuid NOT NULL,
    description text NOT NULL,
    quantity numeric NOT NULL,
    unit_amount_cents numeric NOT NULL,
    amount_cents bigint NOT NULL,
    PRIMARY KEY (invoice_id, position)
);

-- One bill per organization and month: the key that makes the billing run idempotent and safe on
-- several instances at once.
CREATE TABLE pumpflix.billed_months (
    organization_id uuid NOT NULL REFERENCES public.organizations (id) ON DELETE CASCADE,
    month date NOT NULL CONSTRAINT billed_months_first_day CHECK (month = date_trunc('month', month)::date),
    invoice_id uuid REFERENCES public.invoices (id) ON DELETE SET NULL,
    billed_at timestamp NOT NULL DEFAULT (clock_timestamp() AT TIME ZONE 'UTC'),
    PRIMARY KEY (organization_id, month)
);

-- What the billing run needs of a month, for the organizations after p_after (keyset pages): each
-- organization's plan periods that overlap the month, with the month's executions; organizations
-- billed for the month already are left out. Spans organizations: the billing run, as the owner.
CREATE FUNCTION pumpflix.billing_inputs(p_month date, p_after uuid, p_limit int)
RETURNS TABLE (organization_id uuid, plan_id text, starts_at timestamp, ends_at timestamp,
               executions_at_start bigint, month_executions bigint)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
    WITH orgs AS (
        SELECT DISTINCT s.organization_id FROM pumpflix.subscriptions s
        WHERE s.starts_at < (p_month + interval '1 month') AND (s.ends_at IS NULL OR s.ends_at > p_month)
          AND (p_after IS NULL OR s.organization_id > p_after)
          AND NOT EXISTS (SELECT 1 FROM pumpflix.billed_months b
                          WHERE b.organization_id = s.organization_id AND b.month = p_month)
        ORDER BY s.organization_id
        LIMIT p_limit)
    SELECT s.organization_id, s.plan_id, s.starts_at, s.ends_at, s.executions_at_start,
           pumpflix.month_executions(s.organization_id, p_month)
    FROM orgs o JOIN pumpflix.subscriptions s ON s.organization_id = o.organization_id
    WHERE s.starts_at < (p_month + interval '1 month') AND (s.ends_at IS NULL OR s.ends_at > p_month)
    ORDER BY s.organization_id, s.starts_at
$$;
REVOKE ALL ON FUNCTION pumpflix.billing_inputs(date, uuid, int) FROM PUBLIC;

-- Records the invoices of one batch of the billing run, each in one go: its month claimed
-- (an organization billed for it already, by this run or another instance's, is skipped), the
-- invoice created through the documented create_invoice (open), its lines stored. Returns the
-- organizations billed now. As the owner.
--   p_invoices: [{organizationId, amountCents, lines: [{description, quantity, unitAmountCents, amountCents}]}]
CREATE FUNCTION pumpflix.record_invoices(p_month date, p_invoices jsonb)
RETURNS TABLE (organization_id uuid, invoice_id uuid)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
#variable_conflict use_column
DECLARE
    v_invoice record;
    v_id uuid;
    v_end date := (p_month + interval '1 month' - interval '1 day')::date;
BEGIN
    FOR v_invoice IN
        WITH claimed AS (
            INSERT INTO pumpflix.billed_months (organization_id, month)
            SELECT (x->>'organizationId')::uuid, p_month FROM jsonb_array_elements(p_invoices) x
            ORDER BY 1
            ON CONFLICT DO NOTHING
            RETURNING billed_months.organization_id)
        SELECT x FROM jsonb_array_elements(p_invoices) x
        WHERE (x->>'organizationId')::uuid IN (SELECT c.organization_id FROM claimed c)
    LOOP
        CALL public.create_invoice((v_invoice.x->>'organizationId')::uuid, (v_invoice.x->>'amountCents')::int, 'open',
                                   p_month, v_end, v_id);
        INSERT INTO pumpflix.invoice_lines (invoice_id, position, organization_id, description, quantity,
                                            unit_amount_cents, amount_cents)
        SELECT v_id, l.n::int, (v_invoice.x->>'organizationId')::uuid, l.line->>'description',
               (l.line->>'quantity')::numeric, (l.line->>'unitAmountCents')::numeric, (l.line->>'amountCents')::bigint
        FROM jsonb_array_elements(v_invoice.x->'lines') WITH ORDINALITY AS l(line, n);
        UPDATE pumpflix.billed_months b SET invoice_id = v_id
        WHERE b.organization_id = (v_invoice.x->>'organizationId')::uuid AND b.month = p_month;
        organization_id := (v_invoice.x->>'organizationId')::uuid;
        invoice_id := v_id;
        RETURN NEXT;
    END LOOP;
END
$$;
REVOKE ALL ON FUNCTION pumpflix.record_invoices(date, jsonb) FROM PUBLIC;

-- Tenant data: confined like every other table (plans are the operator's, readable by all).
DO $$
DECLARE
    v_table text;
BEGIN
    FOREACH v_table IN ARRAY ARRAY['subscriptions', 'invoice_lines', 'billed_months'] LOOP
        EXECUTE format('ALTER TABLE pumpflix.%I ENABLE ROW LEVEL SECURITY', v_table);
        EXECUTE format('ALTER TABLE pumpflix.%I FORCE ROW LEVEL SECURITY', v_table);
        EXECUTE format('CREATE POLICY tenant_isolation ON pumpflix.%I
            USING ((SELECT pumpflix.unrestricted()) OR organization_id = (SELECT pumpflix.current_org()))
            WITH CHECK ((SELECT pumpflix.unrestricted()) OR organization_id = (SELECT pumpflix.current_org()))',
            v_table);
    END LOOP;
END
$$;
