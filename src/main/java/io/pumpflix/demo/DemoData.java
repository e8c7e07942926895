package io.pumpflix.demo;

import io.pumpflix.engine.WorkflowRuns;
import io.pumpflix.execution.Executions;
import io.pumpflix.execution.ExecutionStatus;
import io.pumpflix.identity.Accounts;
import io.pumpflix.identity.Actor;
import io.pumpflix.platform.ConflictException;
import io.pumpflix.platform.TenantScope;
import io.pumpflix.workflow.Workflows;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

/**
 * {@code java -jar pumpflix.jar --demo}: a demo organization with an owner, three workflows and
 * some executions, and a printed way in, so a newcomer can try the API within a minute. The
 * password is random and shown once; a second {@code --demo} leaves the organization as it is.
 */
@Component
class DemoData implements ApplicationRunner {

    static final String EMAIL = "demo@pumpflix.local";

    private final Accounts accounts;
    private final Workflows workflows;
    private final Executions executions;
    private final TenantScope tenants;
    private final WorkflowRuns runs;
    private final int port;

    DemoData(Accounts accounts, Workflows workflows, Executions executions, TenantScope tenants, WorkflowRuns runs,
            @Value("${server.port:8080}") int port) {
        this.runs = runs;
        this.accounts = accounts;
        this.workflows = workflows;
        this.executions = executions;
        this.tenants = tenants;
        this.port = port;
    }

    /** Three runnable workflows: a webhook answering with its last node, a branch, a plain transform. */
    private static String[][] samples(String hookPath) {
        return new String[][] {
                {"Sync new leads to the CRM", """
                        {"nodes": [
                          {"name": "New lead", "type": "webhook", "parameters": {"path": "%s", "responseMode": "lastNode"}},
                          {"name": "Shape", "type": "set", "parameters": {"keepOnlySet": true, "fields": {
                            "lead": "={{ $json.body.name }}", "hot": "={{ $json.body.score > 80 }}"}}}],
                         "connections": {"New lead": {"main": [[{"node": "Shape", "type": "main", "index": 0}]]}}}"""
                        .formatted(hookPath)},
                {"Route hot leads", """
                        {"nodes": [
                          {"name": "Start", "type": "manualTrigger"},
                          {"name": "Hot?", "type": "if", "parameters": {"condition": "={{ $json.score > 80 }}"}},
                          {"name": "Hot", "type": "set", "parameters": {"fields": {"queue": "sales"}}},
                          {"name": "Cold", "type": "set", "parameters": {"fields": {"queue": "nurture"}}}],
                         "connections": {
                           "Start": {"main": [[{"node": "Hot?", "type": "main", "index": 0}]]},
                           "Hot?": {"main": [[{"node": "Hot", "type": "main", "index": 0}],
                                             [{"node": "Cold", "type": "main", "index": 0}]]}}}"""},
                {"Greet", """
                        {"nodes": [
                          {"name": "Start", "type": "manualTrigger"},
                          {"name": "Greeting", "type": "set",
                           "parameters": {"fields": {"text": "=Hello {{ $json.name }}, your score is {{ $json.score }}"}}}],
                         "connections": {"Start": {"main": [[{"node": "Greeting", "type": "main", "index": 0}]]}}}"""}};
    }

    @Override
    public void run(ApplicationArguments args) {
        if (!args.containsOption("demo")) {
            return;
        }
        byte[] random = new byte[12];
        new SecureRandom().nextBytes(random);
        String password = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        Actor owner;
        try {
            owner = accounts.signUp("Demo Inc.", EMAIL, password.toCharArray()).actor();
        } catch (ConflictException exists) {
            System.out.println("\nThe demo organization exists already: sign in as " + EMAIL
                    + " with the password printed when it was made (or start with a fresh PUMPFLIX_HOME).\n");
            return;
        }
        String hookPath = "demo/leads-" + UUID.randomUUID().toString().substring(0, 8);
        tenants.run(owner.organizationId(), owner.userId(), () -> {
            for (String[] sample : samples(hookPath)) {
                UUID workflow = workflows.create(owner, sample[0], "a demo workflow", sample[1]).id();
                runs.start(owner, workflow, List.of(Map.of("name", "Ada", "score", 82)), false);
                executions.log(owner, workflow, ExecutionStatus.SUCCESS, "[{\"logged\": true}]", null);
            }
        });
        String base = "http://localhost:" + port;

        System.out.printf("""

                PumpFlix demo is ready.
                  email:    %s
                  password: %s   (shown once)
                The console: %s/ (sign in with the email and password above)
                Or sign in to the API:
                  curl -s -X POST %s/api/v1/auth/sign-in -H 'Content-Type: application/json' \\
                       -d '{"email":"%s","password":"%s"}'
                Then call the API with the token: curl -s %s/api/v1/workflows -H "Authorization: Bearer $TOKEN"
                API description: %s/swagger-ui.html
                A demo webhook listens: curl -s -X POST %s/webhook/%s -H 'Content-Type: application/json' \\
                       -d '{"name":"Grace","score":91}'

                """, EMAIL, password, base, base, EMAIL, password, base, base, base, hookPath);
    }
}
