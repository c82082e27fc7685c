package com.example.commerce.partners.supplier;

import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** What tests and operators turn: the supplier's behaviour, a reset, its ledger, and shipping an order by hand. */
@RestController
@RequestMapping("/supplier/admin")
class SupplierAdminController {

    private final SupplierLedger ledger;

    SupplierAdminController(SupplierLedger ledger) {
        this.ledger = ledger;
    }

    @GetMapping("/behaviour")
    SupplierBehaviour behaviour() {
        return ledger.behaviour();
    }

    @PutMapping("/behaviour")
    ResponseEntity<?> change(@RequestBody SupplierBehaviour update) {
        String invalid = update.invalidity();
        if (invalid != null) {
            return ResponseEntity.badRequest().body(Map.of("code", "INVALID_BEHAVIOUR", "message", invalid));
        }
        return ResponseEntity.ok(ledger.changeBehaviour(update));
    }

    @PostMapping("/reset")
    SupplierBehaviour reset(@RequestParam(defaultValue = "false") boolean ledger) {
        this.ledger.reset(ledger);
        return this.ledger.behaviour();
    }

    @GetMapping("/purchase-orders")
    List<SupplierLedger.PurchaseOrder> purchaseOrders() {
        return ledger.all();
    }

    @PostMapping("/purchase-orders/{poNumber}/ship")
    ResponseEntity<?> ship(@PathVariable String poNumber) {
        return ledger.ship(poNumber).<ResponseEntity<?>>map(ResponseEntity::ok)
                .orElseGet(() -> ResponseEntity.status(HttpStatus.NOT_FOUND)
                        .body(Map.of("code", "NO_SUCH_ORDER", "message", "no purchase order " + poNumber)));
    }
}
