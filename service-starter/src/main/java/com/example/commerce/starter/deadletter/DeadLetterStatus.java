package com.example.commerce.starter.deadletter;

/** Where a dead letter stands: waiting for an operator, or sent back to its topic. */
public enum DeadLetterStatus {
    PENDING,
    REDRIVEN
}
