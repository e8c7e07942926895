package io.pumpflix.platform;

/**
 * One reason a request was refused, as a problem document's {@code errors} lists it: the node (of
 * a workflow definition, or null), the parameter or field, and what is wrong with it.
 */
public record InputError(String node, String parameter, String message) {
}
