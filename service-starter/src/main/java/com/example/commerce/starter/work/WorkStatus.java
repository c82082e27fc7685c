package com.example.commerce.starter.work;

/**
 * Where a work row is: {@code DUE} waits for its due time, {@code LEASED} is held by a worker until its lease
 * ends, {@code DONE} succeeded, {@code FAILED} was given up (by its handler, or after its last attempt). DONE
 * and FAILED are final and keep the outcome.
 */
public enum WorkStatus {
    DUE, LEASED, DONE, FAILED
}
