package com.example.commerce.order.placement;

import com.example.commerce.starter.web.CountryCode;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.List;
import java.util.UUID;

/**
 * What a client asks for. Prices and discounts are never part of it: they come from cart-service (a
 * checkout of the cart, when {@code lines} is absent) or from the catalogue's read model (explicit lines).
 *
 * @param lines             explicit lines (integrators); null: check out the customer's cart
 * @param shippingAddressId an entry of the customer's address book
 * @param shippingAddress   an address given as it is (wins over {@code shippingAddressId})
 * @param allowBackorder    null is false
 * @param customerId        whom the order is for; only a client with {@code orders:write} may name another
 */
public record PlaceOrderRequest(
        @Size(min = 1, max = 1000) List<@Valid @NotNull Line> lines,
        UUID shippingAddressId,
        @Valid AddressRequest shippingAddress,
        @NotNull UUID paymentMethodId,
        Boolean allowBackorder,
        UUID customerId) {

    /** Quantity bounds are typed configuration ({@code commerce.order.max-quantity-per-line}), checked by the placement. */
    public record Line(@NotBlank @Size(max = 64) String sku, @NotNull Integer quantity) {
    }

    public record AddressRequest(
            @NotBlank @Size(max = 200) String line1,
            @Size(max = 200) String line2,
            @NotBlank @Size(max = 100) String city,
            @NotBlank @Size(max = 20) String postalCode,
            @NotNull @CountryCode String country) {
    }

    /** The same request in one spelling: what its Idempotency-Key hash is taken over. */
    PlaceOrderRequest canonical() {
        return new PlaceOrderRequest(lines == null ? null : lines.stream().map(l -> new Line(l.sku().strip(), l.quantity())).toList(),
                shippingAddressId, shippingAddress, paymentMethodId, Boolean.TRUE.equals(allowBackorder), customerId);
    }
}
