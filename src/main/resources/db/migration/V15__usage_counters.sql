-- Usage metrics whose cost does not grow with the executions (shared/spec/behaviour.md:
-- get_user_usage_metrics "is called on every dashboard load").
--
-- pumpflix.execution_counts holds, per organization and calendar month (UTC) of started_at (NULL
-- for executions not started yet), counters in "slots": each writer adds to the slot of its
-- backend (pid modulo 1024), so concurrent writers of one busy organization almost never queue on
-- one row (a row lock is held until commit, and a commit waits for the disk). Past months are
-- folded into one slot by pumpflix.compact_execution_counts(), so reading stays a short sum.
-- Statement-level triggers with transition tables keep them exact and transactional: a
-- statement adds one upsert per (organization, month) it touches, not one per row.

CREATE TABLE pumpflix.execution_counts (
    organization_id UUID NOT NULL,
    month DATE,
    slot SMALLINT NOT NULL,
    executions BIGINT NOT NULL
);
-- NULL months (queued executions) must collide too: a unique index over a coalesced month.
CREATE UNIQUE INDEX execution_counts_key
    ON pumpflix.execution_counts (organization_id, coalesce(month, DATE '0001-01-01'), slot);

CREATE FUNCTION pumpflix.count_inserted_executions() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO pumpflix.execution_counts AS c (organization_id, month, slot, executions)
    SELECT organization_id, date_trunc('month', started_at)::date, (pg_backend_pid() % 1024)::smallint, count(*)
    FROM new_rows WHERE organization_id IS NOT NULL
    GROUP BY 1, 2
    ON CONFLICT (organization_id, coalesce(month, DATE '0001-01-01'), slot)
    DO UPDATE SET executions = c.executions + excluded.executions;
    RETURN NULL;
END
$$;

-- A lifecycle move (a queued execution starts) or a new workflow moves the count.
CREATE FUNCTION pumpflix.count_updated_executions() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO pumpflix.execution_counts AS c (organization_id, month, slot, executions)
    SELECT organization_id, month, (pg_backend_pid() % 1024)::smallint, sum(delta)
    FROM (
        SELECT o.organization_id, date_trunc('month', o.started_at)::date AS month, -1 AS delta
        FROM old_rows o JOIN new_rows n ON n.id = o.id
        WHERE (o.organization_id, date_trunc('month', o.started_at)) IS DISTINCT FROM
              (n.organization_id, date_trunc('month', n.started_at))
        UNION ALL
        SELECT n.organization_id, date_trunc('month', n.started_at)::date, 1
        FROM old_rows o JOIN new_rows n ON n.id = o.id
        WHERE (o.organization_id, date_trunc('month', o.started_at)) IS DISTINCT FROM
              (n.organization_id, date_trunc('month', n.started_at))
    ) moves
    WHERE organization_id IS NOT NULL
    GROUP BY 1, 2
    HAVING sum(delta) <> 0
    ON CONFLICT (organization_id, coalesce(month, DATE '0001-01-01'), slot)
    DO UPDATE SET executions = c.executions + excluded.executions;
    RETURN NULL;
END
$$;

-- A deleted execution no longer counts, except when retention removes old executions: usage (and
-- so billing) must not change when old executions go. Retention sets pumpflix.retention.
CREATE FUNCTION pumpflix.count_deleted_executions() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF current_setting('pumpflix.retention', true) = 'on' THEN
        RETURN NULL;
    END IF;
    INSERT INTO pumpflix.execution_counts AS c (organization_id, month, slot, executions)
    SELECT organization_id, date_trunc('month', started_at)::date, (pg_backend_pid() % 1024)::smallint, -count(*)
    FROM old_rows WHERE organization_id IS NOT NULL
    GROUP BY 1, 2
    ON CONFLICT (organization_id, coalesce(month, DATE '0001-01-01'), slot)
    DO UPDATE SET executions = c.executions + excluded.executions;
    RETURN NULL;
END
$$;

CREATE TRIGGER workflow_executions_count_insert AFTER INSERT ON public.workflow_executions
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION pumpflix.count_inserted_executions();
CREATE TRIGGER workflow_executions_count_update AFTER UPDATE ON public.workflow_executions
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION pumpflix.count_updated_executions();
CREATE TRIGGER workflow_executions_count_delete AFTER DELETE ON public.workflow_executions
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION pumpflix.count_deleted_executions();

-- What was logged before this migration.
INSERT INTO pumpflix.execution_counts (organization_id, month, slot, executions)
SELECT organization_id, date_trunc('month', started_at)::date, 0, count(*)
FROM public.workflow_executions WHERE organization_id IS NOT NULL
GROUP BY 1, 2;

-- The counters are tenant data too.
ALTER TABLE pumpflix.execution_counts ENABLE ROW LEVEL SECURITY;
ALTER TABLE pumpflix.execution_counts FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON pumpflix.execution_counts
    USING ((SELECT pumpflix.unrestricted()) OR organization_id = (SELECT pumpflix.current_org()))
    WITH CHECK ((SELECT pumpflix.unrestricted()) OR organization_id = (SELECT pumpflix.current_org()));

-- Same signature and answers as before; the executions now come from the counters.
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
        (SELECT coalesce(sum(c.executions), 0)::int FROM pumpflix.execution_counts c
          WHERE c.organization_id = v_org AND c.month = v_month),
        (SELECT count(*)::int FROM public.invoices i WHERE i.organization_id = v_org),
        (SELECT i.amount_cents FROM public.invoices i WHERE i.organization_id = v_org
          ORDER BY i.created_at DESC NULLS LAST, i.billing_period_end DESC NULLS LAST, i.id DESC
          LIMIT 1);
END
$$;

-- Invoices of an organization, newest first, for the metrics and the invoice list.
CREATE INDEX invoices_organization_created_idx
    ON public.invoices (organization_id, created_at DESC, billing_period_end DESC, id DESC);
-- Workflow lists, newest first, per organization.
CREATE INDEX workflows_organization_created_idx ON public.workflows (organization_id, created_at DESC, id DESC);
-- Folds the slots of past months into one row each (the current month keeps its slots: it is
-- still being written). Run by the service every hour; the answers never change.
CREATE FUNCTION pumpflix.compact_execution_counts() RETURNS bigint
LANGUAGE plpgsql AS $$
DECLARE
    v_folded bigint;
BEGIN
    WITH folded AS (
        DELETE FROM pumpflix.execution_counts
        WHERE month < date_trunc('month', pumpflix.utc_now())::date AND slot <> 0
        RETURNING organization_id, month, executions
    ), summed AS (
        SELECT organization_id, month, sum(executions) AS executions, count(*) AS slots FROM folded GROUP BY 1, 2
    ), upserted AS (
        INSERT INTO pumpflix.execution_counts AS c (organization_id, month, slot, executions)
        SELECT organization_id, month, 0, executions FROM summed
        ON CONFLICT (organization_id, coalesce(month, DATE '0001-01-01'), slot)
        DO UPDATE SET executions = c.executions + excluded.executions
    )
    SELECT coalesce(sum(slots), 0) INTO v_folded FROM summed;
    RETURN v_folded;
END
$$;

-- Retention scans executions by logging time across organizations: a BRIN index is tiny and
-- nearly free to maintain, since rows arrive in logging order.
CREATE INDEX workflow_executions_logged_brin ON public.workflow_executions USING brin (logged_at);
