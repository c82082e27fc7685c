package com.example.commerce.payment.payment;

import com.example.commerce.starter.web.PageNumber;
import com.example.commerce.starter.web.PageResponse;
import com.example.commerce.starter.web.PageSize;
import java.util.UUID;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The payments, newest first, optionally of one order; for operators ({@code payments:read}). */
@RestController
@RequestMapping("/api/v1/payments")
class PaymentsController {

    private final PaymentQueries queries;

    PaymentsController(PaymentQueries queries) {
        this.queries = queries;
    }

    @GetMapping
    @PreAuthorize("hasAuthority('SCOPE_payments:read')")
    PageResponse<PaymentView> page(@RequestParam(name = "orderId", required = false) UUID orderId,
                                   @RequestParam(name = "page", defaultValue = "0") @PageNumber int page,
                                   @RequestParam(name = "size", defaultValue = PageSize.DEFAULT) @PageSize int size) {
        return queries.page(orderId, page, size);
    }
}
