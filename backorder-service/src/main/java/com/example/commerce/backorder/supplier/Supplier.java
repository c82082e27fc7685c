package com.example.commerce.backorder.supplier;

/**
 * The supplier, in our words (the port). The adapter ({@code supplier/soap}) alone knows the supplier's SOAP
 * contract. Every call is safe to repeat: the purchase-order number is the supplier's idempotency key, so placing
 * the same number again answers the first placement and orders nothing more.
 *
 * <p>Called outside any database transaction. A call the supplier did not answer (down, too slow, the breaker
 * open) throws {@link SupplierUnavailableException} after the adapter's own retries: whether it was placed is then
 * unknown, and the caller asks again later with the same number.
 */
public interface Supplier {

    /** Places (or asks again for) a purchase order. */
    SupplierConfirmation place(SupplierOrder order);

    /** Where a purchase order stands at the supplier, with what has shipped of it. */
    SupplierOrderStatus status(String poNumber);

    /** Asks the supplier to cancel a purchase order; answers where it stands then (SHIPPED: too late). */
    SupplierOrderStatus.State cancel(String poNumber);
}
