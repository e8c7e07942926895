package io.pumpflix.engine;

import io.pumpflix.credential.CredentialVault;
import io.pumpflix.credential.RunUse;
import io.pumpflix.credential.Secret;
import io.pumpflix.billing.Quotas;
import io.pumpflix.engine.definition.NodeDefinition;
import io.pumpflix.engine.expression.JsonText;
import io.pumpflix.engine.node.Item;
import io.pumpflix.engine.node.WebhookTrigger;
import io.pumpflix.engine.run.Definitions;
import io.pumpflix.engine.run.Dispatcher;
import io.pumpflix.engine.run.RunExecutor;
import io.pumpflix.engine.run.RunQueue;
import io.pumpflix.engine.run.RunWaiters;
import io.pumpflix.execution.Execution;
import io.pumpflix.execution.ExecutionStatus;
import io.pumpflix.execution.Executions;
import io.pumpflix.identity.AccessPolicy;
import io.pumpflix.identity.Action;
import io.pumpflix.identity.Actor;
import io.pumpflix.platform.Check;
import io.pumpflix.platform.Conflict;
import io.pumpflix.platform.NotFound;
import io.pumpflix.platform.NotFoundException;
import io.pumpflix.platform.PublicOperation;
import io.pumpflix.platform.Rows;
import io.pumpflix.platform.TenantScope;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * The engine's door: starting runs (by hand, by webhook), cancelling them, and waiting for their
 * end. A run is queued in its trigger's transaction; any instance then claims it (docs/engine.md).
 */
@Service
public class WorkflowRuns {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final long HOOK_MEMORY_NANOS = 2_000_000_000L;

    private final Definitions definitions;
    private final Executions executions;
    private final CredentialVault vault;
    private final RunQueue queue;
    private final Dispatcher dispatcher;
    private final RunWaiters waiters;
    private final TenantScope tenants;
    private final WebhookRates rates;
    private final EngineSettings settings;
    private final JdbcClient jdbc;
    private final RunExecutor executor;
    private final Quotas quotas;
    private final Map<String, Hook> hooks = new java.util.concurrent.ConcurrentHashMap<>();

    WorkflowRuns(Definitions definitions, Executions executions, CredentialVault vault, RunQueue queue,
            Dispatcher dispatcher, RunWaiters waiters, TenantScope tenants, WebhookRates rates, EngineSettings settings,
            JdbcClient jdbc, RunExecutor executor, Quotas quotas) {
        this.executor = executor;
        this.quotas = quotas;
        this.definitions = definitions;
        this.executions = executions;
        this.vault = vault;
        this.queue = queue;
        this.dispatcher = dispatcher;
        this.waiters = waiters;
        this.tenants = tenants;
        this.rates = rates;
        this.settings = settings;
        this.jdbc = jdbc;
    }

    /**
     * Queues a run of the workflow's current version by hand, with {@code items} (one empty item
     * when null) for its manualTrigger; {@code waitForEnd} also returns a future of its end.
     */
    public RunTicket start(Actor actor, UUID workflowId, List<Map<String, Object>> items, boolean waitForEnd) {
        AccessPolicy.require(actor, Action.LOG_EXECUTION);
        Definitions.Loaded loaded = definitions.load(actor, workflowId, null);
        if (loaded.version().archived()) {
            throw Conflict.state("workflow " + workflowId + " is archived: archived workflows do not run");
        }
        String input = JsonText.of(items == null ? List.of(Item.empty()) : items);
        if (input.length() > settings.maxNodeBytes()) {
            throw Check.invalid("items", "must be at most " + settings.maxNodeBytes() + " bytes of JSON");
        }
        quotas.admit(actor, 1);
        UUID executionId = queue.queue(workflowId, loaded.version().versionId(), "manual", input, actor.userId(), null);
        CompletableFuture<RunOutcome> outcome = waitForEnd ? waiters.await(executionId, actor.organizationId()) : null;
        afterCommit(executionId);
        return new RunTicket(executionId, outcome);
    }

    /**
     * Retries a failed run from the node that failed: a new execution (mode {@code retry}, linked
     * to the first by {@code retry_of}) of the version that ran, with the same input; every node
     * that finished before the failure keeps its result and does not run again. Only a failed run
     * of the engine can be retried ({@code ConflictException} otherwise).
     */
    public UUID retry(Actor actor, UUID executionId) {
        AccessPolicy.require(actor, Action.LOG_EXECUTION);
        quotas.admit(actor, 1);
        UUID retried = queue.retry(executionId, actor.userId());
        afterCommit(retried);
        return retried;
    }

    /**
     * Cancels a queued, waiting or running run: it ends {@code cancelled} now, and the instance
     * running it stops it at its next step (an HTTP call under way is interrupted). A finished
     * execution refuses ({@code ConflictException}).
     */
    public Execution cancel(Actor actor, UUID executionId) {
        AccessPolicy.require(actor, Action.LOG_EXECUTION);
        queue.remove(executionId);
        Execution cancelled = executions.advance(actor, executionId, ExecutionStatus.CANCELLED, null);
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                dispatcher.stopRun(executionId);
                waiters.ended(new RunOutcome(executionId, "cancelled", null, null, null));
            }
        });
        return cancelled;
    }

    /**
     * Turns a webhook call into a queued run of the workflow whose current version listens on the
     * path, acting as that organization's system principal.
     */
    @PublicOperation("a webhook call carries no token: it runs as the system principal of the workflow's organization")
    public WebhookReception receive(WebhookCall call) {
        String path = call.path().replaceAll("^/+|/+$", "");
        Hook hook = hook(path, false);
        if (!hook.method().equals(call.method())) {
            throw new WebhookRefused(405, "this webhook takes " + hook.method() + " requests, not " + call.method());
        }
        rates.admit(path);
        Object body = body(call);
        try {
            return receive(call, path, hook, body);
        } catch (NotFoundException moved) {
            // the path moved to another version or workflow since it was looked up: look again, once
            return receive(call, path, hook(path, true), body);
        }
    }

    private WebhookReception receive(WebhookCall call, String path, Hook hook, Object body) {
        Actor system = Actor.system(hook.organizationId());
        Definitions.Loaded loaded = definitions.known(hook.organizationId(), hook.versionId());
        if (loaded == null) {
            loaded = tenants.call(hook.organizationId(), null,
                    () -> definitions.load(system, hook.workflowId(), hook.versionId()));
        }
        NodeDefinition node = loaded.definition().node(hook.nodeName());
        String mode = WebhookTrigger.responseMode(node);
        Map<String, List<String>> headers = new LinkedHashMap<>(call.headers());
        if (WebhookTrigger.headerAuth(node)) {
            return tenants.call(hook.organizationId(), null, () -> {
                quotas.admit(system, 1);
                UUID executionId = queue.queue(hook.workflowId(), hook.versionId(), "webhook", null, null, hook.nodeName());
                headers.remove(checkHeader(system, node, hook, executionId, headers));
                executions.recordInput(system, executionId, input(call, path, headers, body));
                return queued(hook, mode, node, executionId);
            });
        }
        String input = input(call, path, headers, body);
        if (!mode.equals("onReceived") && executor.runsWithin(loaded.definition(), hook.nodeName())) {
            tenants.run(hook.organizationId(), null, () -> quotas.admit(system, 1));
            RunOutcome outcome = executor.runWithin(loaded, hook.nodeName(), "webhook", input);
            return new WebhookReception(outcome.executionId(), mode, WebhookTrigger.allEntries(node),
                    CompletableFuture.completedFuture(outcome));
        }
        return tenants.call(hook.organizationId(), null, () -> {
            quotas.admit(system, 1);
            return queued(hook, mode, node,
                    queue.queue(hook.workflowId(), hook.versionId(), "webhook", input, null, hook.nodeName()));
        });
    }

    private WebhookReception queued(Hook hook, String mode, NodeDefinition node, UUID executionId) {
        CompletableFuture<RunOutcome> outcome = mode.equals("onReceived") ? null
                : waiters.await(executionId, hook.organizationId());
        afterCommit(executionId);
        return new WebhookReception(executionId, mode, WebhookTrigger.allEntries(node), outcome);
    }

    /** Stops waiting for a run's end (the caller was answered 202 without it). */
    @PublicOperation("forgets an in-memory waiter; touches no tenant data")
    public void stopWaiting(UUID executionId) {
        waiters.forget(executionId);
    }

    private record Hook(String method, UUID workflowId, UUID organizationId, UUID versionId, String nodeName,
            long lookedUp) {
    }

    /**
     * The workflow version listening on a path, remembered for {@link #HOOK_MEMORY_NANOS}: the
     * statement that queues or records the run checks that it is still current, so a path that
     * moved is looked up again rather than served by an old version.
     */
    private Hook hook(String path, boolean fresh) {
        long now = System.nanoTime();
        Hook known = fresh ? null : hooks.get(path);
        if (known != null && now - known.lookedUp() < HOOK_MEMORY_NANOS) {
            return known;
        }
        if (hooks.size() > 10_000) {
            hooks.clear();
        }
        Optional<Hook> found = jdbc.sql(
                "SELECT method, workflow_id, organization_id, version_id, node_name FROM pumpflix.find_webhook(?)")
                .param(path).query((rs, n) -> new Hook(rs.getString("method"), Rows.uuid(rs, "workflow_id"),
                        Rows.uuid(rs, "organization_id"), Rows.uuid(rs, "version_id"), rs.getString("node_name"), now))
                .optional();
        if (found.isEmpty()) {
            hooks.remove(path);
            throw NotFound.webhook("/webhook/" + path);
        }
        hooks.put(path, found.get());
        return found.get();
    }

    /** The header the credential names must carry its value; returns the header's (lowercase) name. */
    private String checkHeader(Actor system, NodeDefinition node, Hook hook, UUID executionId,
            Map<String, List<String>> headers) {
        UUID credentialId = node.credentials().get("httpHeaderAuth");
        String name;
        byte[] expected;
        try (Secret secret = vault.reveal(system, credentialId,
                new RunUse(hook.workflowId(), executionId, null, "httpHeaderAuth"))) {
            Map<?, ?> fields;
            try {
                fields = JSON.readValue(new String(secret.reveal()), Map.class);
            } catch (JacksonException e) {
                throw new WebhookRefused(500, "the webhook's httpHeaderAuth credential is not a JSON object {name, value}");
            }
            if (!(fields.get("name") instanceof String n) || !(fields.get("value") instanceof String v)) {
                throw new WebhookRefused(500, "the webhook's httpHeaderAuth credential has no name or value");
            }
            name = n.toLowerCase(java.util.Locale.ROOT);
            expected = v.getBytes(StandardCharsets.UTF_8);
        }
        List<String> given = headers.get(name);
        byte[] actual = given == null || given.isEmpty() ? new byte[0] : given.get(0).getBytes(StandardCharsets.UTF_8);
        if (!MessageDigest.isEqual(expected, actual)) {
            throw new WebhookRefused(401, "authorization failed");
        }
        return name;
    }

    private static String input(WebhookCall call, String path, Map<String, List<String>> headers, Object body) {
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("headers", flatten(headers));
        item.put("query", flatten(call.query()));
        item.put("body", body);
        item.put("method", call.method());
        item.put("path", path);
        return JsonText.of(List.of(item));
    }

    private static Map<String, Object> flatten(Map<String, List<String>> values) {
        Map<String, Object> flat = new LinkedHashMap<>();
        values.forEach((name, list) -> flat.put(name, list.size() == 1 ? list.get(0) : list));
        return flat;
    }

    /** JSON bodies parsed, forms as objects, anything else as text. */
    private Object body(WebhookCall call) {
        if (call.body() == null || call.body().length == 0) {
            return null;
        }
        if (call.body().length > settings.webhookMaxBodyBytes()) {
            throw new WebhookRefused(413, "the request body exceeds " + settings.webhookMaxBodyBytes() + " bytes");
        }
        String text = new String(call.body(), StandardCharsets.UTF_8);
        String type = call.contentType() == null ? "" : call.contentType().toLowerCase(java.util.Locale.ROOT);
        if (type.contains("json")) {
            try {
                return JSON.readValue(text, Object.class);
            } catch (JacksonException e) {
                throw new WebhookRefused(400, "the request body is not valid JSON");
            }
        }
        if (type.startsWith("application/x-www-form-urlencoded")) {
            Map<String, Object> form = new LinkedHashMap<>();
            for (String pair : text.split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int equals = pair.indexOf('=');
                String key = URLDecoder.decode(equals < 0 ? pair : pair.substring(0, equals), StandardCharsets.UTF_8);
                form.put(key, equals < 0 ? "" : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
            }
            return form;
        }
        return text;
    }

    /** Wakes this instance's dispatcher once the run is committed; forgets its waiter if it never is. */
    private void afterCommit(UUID executionId) {
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                dispatcher.wake();
            }

            @Override
            public void afterCompletion(int status) {
                if (status != STATUS_COMMITTED) {
                    waiters.forget(executionId);
                }
            }
        });
    }
}
