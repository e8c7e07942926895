-- The customer's document, verbatim: 11 tables and 10 indexes in schema public.
-- Everything PumpFlix adds on top lives in later migrations and is listed in docs/schema.md.

CREATE TABLE public.organizations (
    id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    name TEXT NOT NULL,
    created_at TIMESTAMP DEFAULT now()
);

CREATE TABLE public.users (
    id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    email TEXT UNIQUE NOT NULL,
    password_hash TEXT,
    organization_id UUID REFERENCES public.organizations(id),
    role TEXT DEFAULT 'user',
    created_at TIMESTAMP DEFAULT now()
);

CREATE TABLE public.workflows (
    id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    organization_id UUID REFERENCES public.organizations(id),
    name TEXT NOT NULL,
    description TEXT,
    current_version_id UUID,
    is_template BOOLEAN DEFAULT FALSE,
    is_archived BOOLEAN DEFAULT FALSE,
    created_by UUID REFERENCES public.users(id),
    created_at TIMESTAMP DEFAULT now()
);

CREATE TABLE public.workflow_versions (
    id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    workflow_id UUID REFERENCES public.workflows(id),
    json_schema JSONB NOT NULL,
    created_by UUID REFERENCES public.users(id),
    created_at TIMESTAMP DEFAULT now()
);

CREATE TABLE public.workflow_executions (
    id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    workflow_id UUID REFERENCES public.workflows(id),
    status TEXT,
    input_data JSONB,
    output_data JSONB,
    started_at TIMESTAMP,
    finished_at TIMESTAMP
);

CREATE TABLE public.invoices (
    id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    organization_id UUID REFERENCES public.organizations(id),
    amount_cents INT,
    status TEXT,
    billing_period_start DATE,
    billing_period_end DATE,
    created_at TIMESTAMP DEFAULT now()
);

CREATE TABLE public.ai_prompt_templates (
    id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    user_id UUID REFERENCES public.users(id),
    title TEXT,
    prompt_body TEXT,
    created_at TIMESTAMP DEFAULT now()
);

CREATE TABLE public.credentials (
    id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    name TEXT NOT NULL,
    type TEXT NOT NULL,
    organization_id UUID REFERENCES public.organizations(id),
    encrypted_value TEXT NOT NULL,
    created_by UUID REFERENCES public.users(id),
    created_at TIMESTAMP DEFAULT now()
);

CREATE TABLE public.credential_usage_logs (
    id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    credential_id UUID,
    user_id UUID,
    workflow_id UUID,
    execution_id UUID,
    used_at TIMESTAMP DEFAULT now()
);

CREATE TABLE public.websocket_sessions (
    id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    user_id UUID REFERENCES public.users(id),
    workflow_id UUID REFERENCES public.workflows(id),
    connection_id TEXT,
    joined_at TIMESTAMP DEFAULT now(),
    is_active BOOLEAN DEFAULT TRUE
);

CREATE TABLE public.templates (
    id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    workflow_id UUID REFERENCES public.workflows(id),
    name TEXT,
    description TEXT,
    category_id UUID,
    created_by UUID REFERENCES public.users(id),
    created_at TIMESTAMP DEFAULT now(),
    downloads INT DEFAULT 0,
    price_cents INT DEFAULT 0
);

CREATE INDEX idx_workflows_org ON public.workflows(organization_id);
CREATE INDEX idx_workflow_versions_workflow ON public.workflow_versions(workflow_id);
CREATE INDEX idx_workflows_template_flag ON public.workflows(is_template);

CREATE INDEX idx_workflow_executions_status ON public.workflow_executions(status);
CREATE INDEX idx_workflow_executions_workflow ON public.workflow_executions(workflow_id);

CREATE INDEX idx_credential_org_type ON public.credentials(organization_id, type);
CREATE INDEX idx_credential_usage_user ON public.credential_usage_logs(user_id);

CREATE INDEX idx_ws_user_workflow ON public.websocket_sessions(user_id, workflow_id);
CREATE INDEX idx_ws_active ON public.websocket_sessions(is_active);

CREATE INDEX idx_templates_price_download ON public.templates(downloads, price_cents, created_at);
