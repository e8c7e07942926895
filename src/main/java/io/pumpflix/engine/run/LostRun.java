package io.pumpflix.engine.run;

/**
 * This instance no longer holds the run: it was cancelled, or its lease lapsed and another
 * instance took it over. Whatever this instance would still write is dropped.
 */
final class LostRun extends RuntimeException {

    LostRun(String message) {
        super(message);
    }
}
