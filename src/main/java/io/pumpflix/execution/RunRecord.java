package io.pumpflix.execution;

import java.util.List;

/** An execution with the results of the nodes that have finished. */
public record RunRecord(Execution execution, List<NodeResult> nodes) {
}
