package com.example.commerce.partners.payment;

import java.util.concurrent.atomic.AtomicReference;
import org.springframework.stereotype.Component;

/** The provider's current behaviour, swapped whole so a reader never sees half a change. */
@Component
class ProviderKnobs {

    private final AtomicReference<ProviderBehaviour> current = new AtomicReference<>(ProviderBehaviour.defaults());

    ProviderBehaviour get() {
        return current.get();
    }

    ProviderBehaviour change(ProviderBehaviour change) {
        return current.updateAndGet(behaviour -> behaviour.with(change));
    }

    ProviderBehaviour reset() {
        current.set(ProviderBehaviour.defaults());
        return current.get();
    }
}
