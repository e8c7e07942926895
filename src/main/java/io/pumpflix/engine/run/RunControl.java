package io.pumpflix.engine.run;

/** One run going on in this instance: whether it must stop, and the thread to wake when it must. */
final class RunControl {

    private final Thread thread = Thread.currentThread();
    private final long startedNanos = System.nanoTime();
    private volatile boolean stopped;
    private volatile boolean ended;

    /** When this instance started the run (System.nanoTime()). */
    long startedNanos() {
        return startedNanos;
    }

    /** The run ended here: finished and committed, or found to belong to another instance. */
    void ended() {
        ended = true;
    }

    boolean hasEnded() {
        return ended;
    }

    boolean stopped() {
        return stopped;
    }

    /** The run was lost (cancelled, taken over) or the service stops: it ends at the next step. */
    void stop() {
        stopped = true;
        thread.interrupt();
    }
}
