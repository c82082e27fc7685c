package com.example.commerce.payment.wallet;

import com.example.commerce.starter.ProblemTypes;
import com.example.commerce.starter.Problems;
import com.example.commerce.starter.security.Callers;
import com.example.commerce.starter.web.PageNumber;
import com.example.commerce.starter.web.PageResponse;
import com.example.commerce.starter.web.PageSize;
import java.net.URI;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The caller's wallet: save a card, list, read and delete saved cards. */
@RestController
@RequestMapping("/api/v1/payment-methods")
class PaymentMethodController {

    private final Wallet wallet;
    private final Callers callers;

    PaymentMethodController(Wallet wallet, Callers callers) {
        this.wallet = wallet;
        this.callers = callers;
    }

    @PostMapping
    ResponseEntity<PaymentMethodView> save(@RequestBody SavePaymentMethodRequest request) {
        PaymentMethodView saved = wallet.save(request, callers.current());
        return ResponseEntity.created(URI.create("/api/v1/payment-methods/" + saved.id())).body(saved);
    }

    @GetMapping
    PageResponse<PaymentMethodView> list(@RequestParam(name = "customerId", required = false) UUID customerId,
                                         @RequestParam(name = "page", defaultValue = "0") @PageNumber int page,
                                         @RequestParam(name = "size", defaultValue = PageSize.DEFAULT) @PageSize int size) {
        return wallet.list(callers.current(), customerId, page, size);
    }

    @GetMapping("/{id}")
    PaymentMethodView one(@PathVariable UUID id) {
        return wallet.find(id, callers.current()).orElseThrow(() -> notFound(id));
    }

    @DeleteMapping("/{id}")
    ResponseEntity<Void> delete(@PathVariable UUID id) {
        if (!wallet.delete(id, callers.current())) {
            throw notFound(id);
        }
        return ResponseEntity.noContent().build();
    }

    private static ErrorResponseException notFound(UUID id) {
        return Problems.problem(HttpStatus.NOT_FOUND, ProblemTypes.NOT_FOUND, "Not found",
                "No payment method " + id + ".", Map.of());
    }
}
