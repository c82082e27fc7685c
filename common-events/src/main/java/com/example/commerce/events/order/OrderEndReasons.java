package com.example.commerce.events.order;

/**
 * Why an order ended without completing: the usual values of {@link OrderCancelled#reason()} and
 * {@link OrderRejected#reason()}. The wire carries plain strings, so a consumer must accept a reason it does
 * not know (a newer producer may add one) rather than fail.
 */
public final class OrderEndReasons {

    /** The payment provider declined the payment. */
    public static final String PAYMENT_DECLINED = "PAYMENT_DECLINED";

    /** Stock could not be reserved and the order does not allow a backorder. */
    public static final String OUT_OF_STOCK = "OUT_OF_STOCK";

    /** The courier could not deliver. */
    public static final String SHIPPING_FAILED = "SHIPPING_FAILED";

    /** A step of the saga did not answer before its deadline. */
    public static final String TIMED_OUT = "TIMED_OUT";

    /** A backordered order cannot be filled: the supplier refused, or will deliver later than the order may wait. */
    public static final String BACKORDER_FAILED = "BACKORDER_FAILED";

    /** The customer asked for the cancellation. */
    public static final String CUSTOMER_REQUEST = "CUSTOMER_REQUEST";

    private OrderEndReasons() {
    }
}
