package io.pumpflix.engine.node;

import io.pumpflix.engine.definition.Checks;
import io.pumpflix.engine.definition.NodeDefinition;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Waits for both inputs (every node feeding it has run) and merges them: {@code append} (input 0,
 * then input 1; the default) or {@code combineByPosition} (item i of each input merged into one,
 * input 1's fields winning; unpaired items dropped unless {@code includeUnpaired}).
 */
@Component
class MergeNode implements NodeType {

    @Override
    public String name() {
        return "merge";
    }

    @Override
    public int inputs() {
        return 2;
    }

    @Override
    public void validate(NodeDefinition node, Checks checks) {
        checks.oneOf(node, "mode", List.of("append", "combineByPosition"));
    }

    @Override
    public List<List<Map<String, Object>>> run(NodeCall call) {
        List<Map<String, Object>> first = call.inputs().get(0);
        List<Map<String, Object>> second = call.inputs().get(1);
        List<Map<String, Object>> out = new ArrayList<>();
        if ("combineByPosition".equals(call.node().parameter("mode"))) {
            boolean unpaired = Boolean.TRUE.equals(call.node().parameter("includeUnpaired"));
            int length = unpaired ? Math.max(first.size(), second.size()) : Math.min(first.size(), second.size());
            for (int i = 0; i < length; i++) {
                Map<String, Object> merged = i < first.size() ? Item.copy(first.get(i)) : Item.empty();
                if (i < second.size()) {
                    merged.putAll(second.get(i));
                }
                out.add(merged);
            }
        } else {
            out.addAll(first);
            out.addAll(second);
        }
        return List.of(out);
    }
}
