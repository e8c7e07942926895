package io.pumpflix.demo;

import io.pumpflix.execution.Executions;
import io.pumpflix.execution.ExecutionStatus;
import io.pumpflix.identity.Accounts;
import io.pumpflix.identity.Actor;
import io.pumpflix.platform.ConflictException;
import io.pumpflix.platform.TenantScope;
import io.pumpflix.workflow.Workflows;
import java.security.SecureRandom;
import java.util.Base64;
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
    private final int port;

    DemoData(Accounts accounts, Workflows workflows, Executions executions, TenantScope tenants,
            @Value("${server.port:8080}") int port) {
        this.accounts = accounts;
        this.workflows = workflows;
        this.executions = executions;
        this.tenants = tenants;
        this.port = port;
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
        tenants.run(owner.organizationId(), owner.userId(), () -> {
            String[][] samples = {
                    {"Sync new leads to the CRM", "{\"nodes\":[{\"type\":\"webhook\"},{\"type\":\"crm.upsert\"}]}"},
                    {"Nightly invoice export", "{\"nodes\":[{\"type\":\"cron\",\"at\":\"02:00\"},{\"type\":\"sftp\"}]}"},
                    {"Summarize support tickets", "{\"nodes\":[{\"type\":\"helpdesk\"},{\"type\":\"ai.summarize\"}]}"}};
            for (String[] sample : samples) {
                UUID workflow = workflows.create(owner, sample[0], "a demo workflow", sample[1]).id();
                for (ExecutionStatus status : new ExecutionStatus[] {ExecutionStatus.SUCCESS, ExecutionStatus.SUCCESS,
                        ExecutionStatus.ERROR, ExecutionStatus.RUNNING}) {
                    executions.log(owner, workflow, status, "{\"demo\": true}", null);
                }
            }
        });
        String base = "http://localhost:" + port;
        System.out.printf("""

                PumpFlix demo is ready.
                  email:    %s
                  password: %s   (shown once)
                Sign in:
                  curl -s -X POST %s/api/v1/auth/sign-in -H 'Content-Type: application/json' \\
                       -d '{"email":"%s","password":"%s"}'
                Then call the API with the token: curl -s %s/api/v1/workflows -H "Authorization: Bearer $TOKEN"
                API description: %s/swagger-ui.html

                """, EMAIL, password, base, EMAIL, password, base, base);
    }
}
