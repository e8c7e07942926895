package io.pumpflix.console;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * A definition drawn left to right: each node in the column of its longest path from a node with
 * no input, in definition order within a column, and each connection as a curve from the right of
 * its source to the left of its target. A cycle (which the engine refuses) or a connection naming
 * no node is drawn as far as it can be, never looped over.
 */
record WorkflowDiagram(int width, int height, List<Box> nodes, List<String> edges) {

    static final int BOX_WIDTH = 170;
    static final int BOX_HEIGHT = 48;
    private static final int COLUMN = 220;
    private static final int ROW = 72;
    private static final int MARGIN = 16;

    record Box(String name, String type, int x, int y, boolean failed, String problem) {
    }

    static WorkflowDiagram of(JsonNode definition, Map<String, String> problems) {
        Map<String, String> types = new LinkedHashMap<>();
        JsonNode nodes = definition == null ? null : definition.get("nodes");
        if (nodes != null && nodes.isArray()) {
            for (JsonNode node : nodes) {
                String name = node.path("name").asString("");
                if (!name.isEmpty() && !types.containsKey(name)) {
                    types.put(name, node.path("type").asString(""));
                }
            }
        }
        Map<String, List<String>> next = new HashMap<>();
        JsonNode connections = definition == null ? null : definition.get("connections");
        if (connections != null && connections.isObject()) {
            for (Map.Entry<String, JsonNode> source : connections.properties()) {
                if (!types.containsKey(source.getKey())) {
                    continue;
                }
                for (JsonNode outputs : source.getValue()) {
                    for (JsonNode output : outputs) {
                        for (JsonNode target : output) {
                            String to = target.path("node").asString("");
                            if (types.containsKey(to)) {
                                next.computeIfAbsent(source.getKey(), k -> new ArrayList<>()).add(to);
                            }
                        }
                    }
                }
            }
        }
        Map<String, Integer> column = new HashMap<>();
        types.keySet().forEach(name -> column.put(name, 0));
        // longest path by relaxation, at most once per node: a cycle cannot make it loop
        for (int round = 0; round < types.size(); round++) {
            boolean changed = false;
            for (Map.Entry<String, List<String>> edge : next.entrySet()) {
                for (String to : edge.getValue()) {
                    if (column.get(to) < column.get(edge.getKey()) + 1 && column.get(edge.getKey()) + 1 < types.size()) {
                        column.put(to, column.get(edge.getKey()) + 1);
                        changed = true;
                    }
                }
            }
            if (!changed) {
                break;
            }
        }
        Map<Integer, Integer> rows = new HashMap<>();
        Map<String, Box> boxes = new LinkedHashMap<>();
        int maxX = 0;
        int maxY = 0;
        for (Map.Entry<String, String> node : types.entrySet()) {
            int col = column.get(node.getKey());
            int row = rows.merge(col, 1, Integer::sum) - 1;
            int x = MARGIN + col * COLUMN;
            int y = MARGIN + row * ROW;
            String problem = problems.get(node.getKey());
            boxes.put(node.getKey(), new Box(node.getKey(), node.getValue(), x, y, problem != null, problem));
            maxX = Math.max(maxX, x + BOX_WIDTH);
            maxY = Math.max(maxY, y + BOX_HEIGHT);
        }
        List<String> edges = new ArrayList<>();
        for (Map.Entry<String, List<String>> edge : next.entrySet()) {
            Box from = boxes.get(edge.getKey());
            for (String to : Set.copyOf(edge.getValue())) {
                Box target = boxes.get(to);
                int x1 = from.x() + BOX_WIDTH;
                int y1 = from.y() + BOX_HEIGHT / 2;
                int x2 = target.x();
                int y2 = target.y() + BOX_HEIGHT / 2;
                int bend = Math.max(30, Math.abs(x2 - x1) / 2);
                edges.add("M" + x1 + "," + y1 + " C" + (x1 + bend) + "," + y1 + " " + (x2 - bend) + "," + y2 + " "
                        + x2 + "," + y2);
            }
        }
        return new WorkflowDiagram(maxX + MARGIN, Math.max(maxY + MARGIN, 2 * MARGIN), List.copyOf(boxes.values()),
                edges);
    }
}
