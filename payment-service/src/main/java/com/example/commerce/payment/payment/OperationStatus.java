package com.example.commerce.payment.payment;

/**
 * PENDING: recorded, not yet answered (or never sent); UNKNOWN: sent, answer lost, still being resolved;
 * SUCCEEDED and FAILED: the provider's answer is recorded.
 */
public enum OperationStatus {
    PENDING, SUCCEEDED, FAILED, UNKNOWN;

    boolean open() {
        return this == PENDING || this == UNKNOWN;
    }
}
