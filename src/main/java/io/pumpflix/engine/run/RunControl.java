package io.pumpflix.engine.run;

/** One run going on in this instance: whether it must stop, and the thread to wake when it must. */
final class RunControl {

    private final Thread thread = Thread.currentThread();
    private volatile boolean stopped;

    boolean stopped() {
        return stopped;
    }

    /** The run was lost (cancelled, taken over) or the service stops: it ends at the next step. */
    void stop() {
        stopped = true;
        thread.interrupt();
    }
}
