package com.example.commerce.starter;

import java.time.Duration;

/**
 * A loop on a virtual thread of its own, started and stopped with the application: the shape of the
 * starter's background work (the outbox relay, the inbox cleanup). The body runs until
 * {@link #isRunning()} turns false or its thread is interrupted; {@link #stop()} does both and waits for
 * it to end.
 */
public final class BackgroundLoop {

    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);

    private final String name;
    private final Runnable body;
    private volatile boolean running;
    private Thread thread;

    public BackgroundLoop(String name, Runnable body) {
        this.name = name;
        this.body = body;
    }

    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        thread = Thread.ofVirtual().name(name).start(body);
    }

    public synchronized void stop() {
        running = false;
        if (thread == null) {
            return;
        }
        thread.interrupt();
        try {
            thread.join(STOP_TIMEOUT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        thread = null;
    }

    public boolean isRunning() {
        return running;
    }
}
