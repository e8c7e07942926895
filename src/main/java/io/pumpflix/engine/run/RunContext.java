package io.pumpflix.engine.run;

import io.pumpflix.engine.definition.NodeDefinition;
import io.pumpflix.engine.node.OutboundCalls;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** What the interpreter borrows from the run it interprets: identity, secrets, outbound calls, time, commits. */
interface RunContext {

    UUID executionId();

    String mode();

    /** {@code {id, name, versionId}} for {@code $workflow}. */
    Map<String, Object> workflow();

    /** Decrypts the credential the node names for this type (logged as a use), as its fields. */
    Map<String, String> credential(NodeDefinition node, String type, UUID credentialId);

    OutboundCalls outbound();

    /** System.nanoTime() at which the run times out. */
    long deadline();

    /** Whether the run must stop now (cancelled, taken over, the service stopping). */
    boolean stopped();

    /** Commits these node results before the run goes on; throws {@link LostRun}. */
    void checkpoint(List<NodeRecord> records);

    Redactor redactor();

    /**
     * Runs a sub-workflow for node {@code node}'s try {@code attempt} and returns its last items;
     * throws {@code NodeFailure}, or {@code AwaitingSubWorkflow} when it parked.
     */
    List<Map<String, Object>> subWorkflow(String node, int attempt, UUID workflowId, List<Map<String, Object>> items);

    /** The body of a prompt template the version that runs may use; throws {@code NodeFailure}. */
    String promptTemplate(UUID templateId);
}
