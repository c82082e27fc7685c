package com.example.commerce.payment.payment;

import java.util.UUID;

/** An operation was recorded and is to be asked of the provider once its transaction has committed. */
record OperationRecorded(UUID operationId) {
}
