package com.example.commerce.payment.payment;

import com.example.commerce.starter.web.PageResponse;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Reads of the payments for operators and the system tests. */
@Service
public class PaymentQueries {

    private final Payments payments;

    PaymentQueries(Payments payments) {
        this.payments = payments;
    }

    @Transactional(readOnly = true)
    public PageResponse<PaymentView> page(UUID orderId, int page, int size) {
        return PageResponse.of(payments.page(orderId, size, PageResponse.offset(page, size)).stream()
                        .map(p -> PaymentView.of(p, payments.operationsOf(p.id))).toList(),
                page, size, payments.count(orderId));
    }

    /** The ledger's operations of one status (all when null), oldest first: what the operators' desk lists. */
    @Transactional(readOnly = true)
    public PageResponse<OperationRow> operations(OperationStatus status, int page, int size) {
        return PageResponse.of(payments.operationRows(status, size, PageResponse.offset(page, size)), page, size,
                payments.countOperations(status));
    }
}
