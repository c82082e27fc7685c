package com.example.commerce.starter;

import java.time.Duration;
import org.springframework.context.SmartLifecycle;

/**
 * Background work of the starter (the outbox relay, the inbox cleanup): a loop on a virtual thread of its
 * own, started and stopped with the application. {@link #runUntilStopped()} runs until
 * {@link #isRunning()} turns false.
 *
 * <p>{@link #stop()} does not interrupt the loop: it turns {@link #isRunning()} false and wakes a loop that
 * waits in {@link #pause(Duration)}, so work in flight (a batch waiting for the broker's acknowledgements,
 * a JDBC statement) finishes and is recorded. It waits for the loop to end for at most the stop timeout,
 * interrupts it only past that, and then calls {@link #afterStop()}.
 */
public abstract class BackgroundLoop implements SmartLifecycle {

    private static final Duration DEFAULT_STOP_TIMEOUT = Duration.ofSeconds(10);

    private final String threadName;
    private final Duration stopTimeout;
    private final Object wakeUp = new Object();
    private volatile boolean running;
    private boolean woken; // guarded by wakeUp
    private Thread thread;

    protected BackgroundLoop(String threadName) {
        this(threadName, DEFAULT_STOP_TIMEOUT);
    }

    /**
     * @param stopTimeout how long {@link #stop()} lets the work in flight finish before it interrupts the loop;
     *                    longer than the longest bounded step of the work
     */
    protected BackgroundLoop(String threadName, Duration stopTimeout) {
        this.threadName = threadName;
        this.stopTimeout = stopTimeout;
    }

    /** The work, until {@link #isRunning()} turns false. */
    protected abstract void runUntilStopped();

    /** What to release once the loop has ended; nothing by default. */
    protected void afterStop() {
    }

    /**
     * Waits for {@code duration}, or less when {@link #stop()} or {@link #wake()} is called meanwhile. A wake
     * that came while the loop was not pausing ends its next pause at once; a burst of wakes counts as one.
     *
     * @return whether the loop is still running
     * @throws InterruptedException when the thread is interrupted (only past the stop timeout)
     */
    protected final boolean pause(Duration duration) throws InterruptedException {
        long deadline = System.nanoTime() + duration.toNanos();
        synchronized (wakeUp) {
            long left;
            while (running && !woken && (left = deadline - System.nanoTime()) > 0) {
                wakeUp.wait(Math.max(1, left / 1_000_000), 0);
            }
            woken = false;
        }
        return running;
    }

    /** Ends the loop's current (or next) {@link #pause(Duration)} early: there is work to look at. */
    public final void wake() {
        synchronized (wakeUp) {
            woken = true;
            wakeUp.notifyAll();
        }
    }

    @Override
    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        thread = Thread.ofVirtual().name(threadName).start(this::runUntilStopped);
    }

    @Override
    public synchronized void stop() {
        synchronized (wakeUp) {
            running = false;
            wakeUp.notifyAll();
        }
        if (thread != null) {
            try {
                thread.join(stopTimeout);
                if (thread.isAlive()) {
                    thread.interrupt();
                    thread.join(Duration.ofSeconds(2));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            thread = null;
        }
        afterStop();
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
