package com.example.commerce.payment.payment;

/**
 * PENDING: recorded, not yet answered (or never sent); UNKNOWN: sent, answer lost, still being resolved;
 * SUCCEEDED and FAILED: the provider's answer is recorded (or, FAILED with {@code UNRESOLVED}, we stopped asking
 * at the bound); SETTLED: an operator declared it done outside this service, the provider never asked.
 */
public enum OperationStatus {
    PENDING, SUCCEEDED, FAILED, UNKNOWN, SETTLED;

    boolean open() {
        return this == PENDING || this == UNKNOWN;
    }
}
