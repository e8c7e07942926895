package io.pumpflix.engine.definition;

/** A connection: items of {@code from}'s output {@code output} go to {@code to}'s input {@code input}. */
public record Edge(String from, int output, String to, int input) {
}
