package com.example.commerce.starter;

import java.time.Duration;
import org.springframework.context.SmartLifecycle;

/**
 * Background work of the starter (the outbox relay, the inbox cleanup): a loop on a virtual thread of its
 * own, started and stopped with the application. {@link #runUntilStopped()} runs until
 * {@link #isRunning()} turns false or its thread is interrupted; {@link #stop()} does both, waits for it
 * to end, then calls {@link #afterStop()}.
 */
public abstract class BackgroundLoop implements SmartLifecycle {

    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);

    private final String threadName;
    private volatile boolean running;
    private Thread thread;

    protected BackgroundLoop(String threadName) {
        this.threadName = threadName;
    }

    /** The work, until {@link #isRunning()} turns false or the thread is interrupted. */
    protected abstract void runUntilStopped();

    /** What to release once the loop has ended; nothing by default. */
    protected void afterStop() {
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
        running = false;
        if (thread != null) {
            thread.interrupt();
            try {
                thread.join(STOP_TIMEOUT);
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
