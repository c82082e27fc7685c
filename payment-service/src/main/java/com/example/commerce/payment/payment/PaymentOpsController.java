package com.example.commerce.payment.payment;

import com.example.commerce.payment.access.Scopes;
import com.example.commerce.starter.security.Callers;
import com.example.commerce.starter.web.PageNumber;
import com.example.commerce.starter.web.PageResponse;
import com.example.commerce.starter.web.PageSize;
import java.util.UUID;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The operators' payment desk ({@value Scopes#OPS_PAYMENTS}): the ledger's operations by status (the open ones
 * to watch), and a way out of a capture or refund that failed for good.
 */
@RestController
@RequestMapping("/api/v1/ops/payments")
@PreAuthorize("hasAuthority('SCOPE_" + Scopes.OPS_PAYMENTS + "')")
class PaymentOpsController {

    /** The operator's reason for a retry (optional) or a settlement (required), at most 500 characters. */
    record OperatorNote(String note) {
    }

    private final PaymentQueries queries;
    private final ManualSettlements settlements;
    private final Callers callers;

    PaymentOpsController(PaymentQueries queries, ManualSettlements settlements, Callers callers) {
        this.queries = queries;
        this.settlements = settlements;
        this.callers = callers;
    }

    @GetMapping("/operations")
    PageResponse<OperationRow> operations(@RequestParam(name = "status", required = false) OperationStatus status,
                                          @RequestParam(name = "page", defaultValue = "0") @PageNumber int page,
                                          @RequestParam(name = "size", defaultValue = PageSize.DEFAULT) @PageSize int size) {
        return queries.operations(status, page, size);
    }

    @PostMapping("/{paymentId}/retry")
    PaymentView retry(@PathVariable UUID paymentId, @RequestBody(required = false) OperatorNote body) {
        return settlements.retry(paymentId, callers.current().subject(), body == null ? null : body.note());
    }

    @PostMapping("/{paymentId}/settle")
    PaymentView settle(@PathVariable UUID paymentId, @RequestBody(required = false) OperatorNote body) {
        return settlements.settle(paymentId, callers.current().subject(), body == null ? null : body.note());
    }
}
