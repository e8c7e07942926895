package io.pumpflix.engine.run;

import io.pumpflix.engine.EngineSettings;
import io.pumpflix.engine.definition.Definition;
import io.pumpflix.engine.definition.DefinitionReader;
import io.pumpflix.engine.definition.Edge;
import io.pumpflix.engine.definition.NodeDefinition;
import io.pumpflix.engine.expression.Expressions;
import io.pumpflix.engine.node.NodeType;
import io.pumpflix.engine.node.NodeTypes;
import io.pumpflix.identity.Actor;
import io.pumpflix.platform.Conflict;
import io.pumpflix.workflow.RunnableVersion;
import io.pumpflix.workflow.Workflows;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Definitions as the engine runs them: read and checked once per version (versions never
 * change), then kept, a few thousand at most.
 */
@Component
public class Definitions {

    private static final int KEPT = 2_000;

    /** A version of a workflow and its definition, ready to run. */
    public record Loaded(RunnableVersion version, Definition definition) {
    }

    private final Workflows workflows;
    private final NodeTypes types;
    private final Expressions expressions;
    private final DefinitionReader reader;
    private final Map<UUID, Loaded> kept = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<UUID, Loaded> eldest) {
            return size() > KEPT;
        }
    };

    Definitions(Workflows workflows, NodeTypes types, EngineSettings settings, JsonMapper json) {
        this.workflows = workflows;
        this.types = types;
        this.expressions = new Expressions(settings.expressionTimeout(), settings.maxExpressionLength());
        this.reader = new DefinitionReader(types.all(), expressions, settings.maxNodes(), settings.maxNesting(), json);
    }

    public DefinitionReader reader() {
        return reader;
    }

    public Expressions expressions() {
        return expressions;
    }

    /**
     * A version of a workflow (the current one when {@code versionId} is null) with its definition,
     * in the caller's tenant scope; {@code InvalidInputException} when the definition cannot run.
     */
    public Loaded load(Actor actor, UUID workflowId, UUID versionId) {
        if (versionId != null) {
            Loaded known = known(actor.organizationId(), versionId);
            if (known != null) {
                return known;
            }
        }
        RunnableVersion version = workflows.runnable(actor, workflowId, versionId);
        Loaded known = known(actor.organizationId(), version.versionId());
        if (known != null) {
            return new Loaded(version, known.definition());
        }
        Loaded loaded = new Loaded(version, reader.read(version.definition()));
        synchronized (kept) {
            kept.put(version.versionId(), loaded);
        }
        return loaded;
    }

    /** A kept version, if this instance read it before (for a run of the same organization). */
    public Loaded known(UUID organizationId, UUID versionId) {
        synchronized (kept) {
            Loaded loaded = kept.get(versionId);
            return loaded != null && loaded.version().organizationId().equals(organizationId) ? loaded : null;
        }
    }

    /**
     * Where a run starts: the named trigger node; for a manual run, its manualTrigger nodes, else its
     * triggers, else the nodes nothing feeds.
     */
    public Set<String> starts(Definition definition, String startNode) {
        if (startNode != null) {
            if (definition.node(startNode) == null) {
                throw Conflict.state("the version has no node '" + startNode + "' to start from");
            }
            return Set.of(startNode);
        }
        Set<String> manual = new LinkedHashSet<>();
        Set<String> triggers = new LinkedHashSet<>();
        Set<String> roots = new LinkedHashSet<>();
        for (NodeDefinition node : definition.nodes()) {
            NodeType type = types.get(node.type());
            if (node.type().equals("manualTrigger")) {
                manual.add(node.name());
            }
            if (type.trigger()) {
                triggers.add(node.name());
            }
            boolean fed = definition.edges().stream().map(Edge::to).anyMatch(node.name()::equals);
            if (!fed) {
                roots.add(node.name());
            }
        }
        return !manual.isEmpty() ? manual : !triggers.isEmpty() ? triggers : roots;
    }
}
