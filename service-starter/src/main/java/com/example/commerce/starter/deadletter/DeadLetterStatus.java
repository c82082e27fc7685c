package com.example.commerce.starter.deadletter;

/**
 * Where a dead letter stands: waiting for an operator, being sent back right now (claimed by a redrive
 * that waits for the broker's ack; a claim older than {@link DeadLetterProperties#claimTimeout()} is taken
 * as abandoned and may be redriven again), or sent back to its topic and acknowledged.
 */
public enum DeadLetterStatus {
    PENDING,
    REDRIVING,
    REDRIVEN
}
