package com.example.commerce.cart.web;

import com.example.commerce.cart.access.Caller;
import com.example.commerce.cart.access.Scopes;
import java.util.Set;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * Who is calling, for the application services, which decide with it (a cart is reached by its customer,
 * or read by a caller with {@code carts:read}; promotions need {@code promotions:write}).
 *
 * <p>Until the fleet's resource-server security lands (the identity work), no request carries a token and
 * the fleet's APIs are open: a cart request is taken as coming from the customer the path names, and a
 * promotion request from an operator. Once it lands, both read the subject and scopes of the request's JWT
 * and nothing else changes: the application services' checks already hold (their tests call them as other
 * customers and without scopes).
 */
@Component
public class Callers {

    /** The caller of a request about the cart of {@code customerId}. */
    public Caller ofCartRequest(UUID customerId) {
        return new Caller(customerId.toString(), Set.of());
    }

    /** The caller of a request about promotions. */
    public Caller ofPromotionRequest() {
        return new Caller(Caller.ANONYMOUS, Set.of(Scopes.PROMOTIONS_WRITE));
    }
}
