package io.pumpflix.engine.run;

/** One run going on in this instance: whether it must stop, and the thread to wake when it must. */
final class RunControl {

    private final Thread thread = Thread.currentThread();
    private final long startedNanos = System.nanoTime();
    private final RunControl parent;
    private volatile boolean stopped;
    private volatile boolean ended;

    RunControl() {
        this(null);
    }

    /** A sub-workflow's run, in its parent's thread: it stops when its parent does. */
    RunControl(RunControl parent) {
        this.parent = parent;
    }

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
        return stopped || (parent != null && parent.stopped());
    }

    /** The run was lost (cancelled, taken over) or the service stops: it ends at the next step. */
    void stop() {
        stopped = true;
        thread.interrupt();
    }
}
