package io.pumpflix.engine.node;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/** Every node type the engine runs, by name. */
@Component
public class NodeTypes {

    private final Map<String, NodeType> byName = new LinkedHashMap<>();

    NodeTypes(List<NodeType> types) {
        types.forEach(type -> byName.put(type.name(), type));
    }

    public Map<String, NodeType> all() {
        return byName;
    }

    public NodeType get(String name) {
        NodeType type = byName.get(name);
        if (type == null) {
            throw new IllegalArgumentException("no node type " + name);
        }
        return type;
    }
}
