package com.example.commerce.partners.payment;

import com.example.commerce.partners.payment.ProviderApi.Failure;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The provider's knobs at run time: read, change (absent fields unchanged), reset. */
@RestController
@RequestMapping("/provider/admin")
class ProviderAdminController {

    private final ProviderKnobs knobs;
    private final SimulatedProvider provider;

    ProviderAdminController(ProviderKnobs knobs, SimulatedProvider provider) {
        this.knobs = knobs;
        this.provider = provider;
    }

    @GetMapping("/behaviour")
    ProviderBehaviour behaviour() {
        return knobs.get();
    }

    @PutMapping("/behaviour")
    ResponseEntity<?> change(@RequestBody ProviderBehaviour change) {
        String problem = ProviderBehaviour.problemOf(change);
        if (problem != null) {
            return ResponseEntity.status(HttpStatus.BAD_REQUEST).body(new Failure("invalid_behaviour", problem));
        }
        return ResponseEntity.ok(knobs.change(change));
    }

    /** Behaviour back to defaults; with {@code ledger=true} the intents, keys and ledger are forgotten too. */
    @PostMapping("/reset")
    ProviderBehaviour reset(@RequestParam(defaultValue = "false") boolean ledger) {
        if (ledger) {
            provider.clearBooks();
        }
        return knobs.reset();
    }
}
