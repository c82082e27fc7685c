package com.example.commerce.cart.cart;

import com.example.commerce.cart.promotion.PromotionCatalog;
import com.example.commerce.events.cart.CartCheckedOut;
import com.example.commerce.events.order.OrderPlaced;
import com.example.commerce.events.shared.OrderLine;
import com.example.commerce.starter.outbox.Outbox;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * An order placed from a cart takes its lines from that cart ({@link Cart#checkOut}): once per order, only
 * from the cart of the order's customer, and only from an OPEN cart. Each order's outcome is kept in
 * {@code cart_checkout}, so the same order delivered again (under any event id) changes nothing.
 * CartCheckedOut (the order's lines and total) is published through the outbox when the cart was taken from.
 *
 * <p>The promotion code the order used becomes a final redemption: the cart holding it lets it go without
 * giving it back; if the cart let it go already (the customer dropped it after placing the order), the order's
 * redemption is counted again, within the code's limit.
 */
@Service
public class CartCheckouts {

    private static final Logger log = LoggerFactory.getLogger(CartCheckouts.class);

    /** What an order did to the cart it names. */
    public enum Outcome { CHECKED_OUT, UNKNOWN_CART, NOT_THE_CUSTOMERS, CART_CLOSED }

    private final Carts carts;
    private final JdbcTemplate jdbc;
    private final Outbox outbox;
    private final PromotionCatalog promotions;
    private final Clock clock = Clock.systemUTC();

    CartCheckouts(Carts carts, JdbcTemplate jdbc, Outbox outbox, PromotionCatalog promotions) {
        this.carts = carts;
        this.jdbc = jdbc;
        this.outbox = outbox;
        this.promotions = promotions;
    }

    /**
     * Takes the lines of {@code placed} from its cart. An order without a cart, or one seen before, changes
     * nothing.
     *
     * @return what the order did to the cart; empty when it names none or was seen before
     */
    @Transactional
    public Optional<Outcome> orderPlaced(OrderPlaced placed) {
        UUID cartId = placed.cartId();
        if (cartId == null) {
            return Optional.empty();
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        Cart cart = carts.findByIdForUpdate(cartId).orElse(null);
        // The order's row first: a second copy of the order waits on it and then finds it.
        int claimed = jdbc.update("""
                INSERT INTO cart_checkout (order_id, cart_id, customer_id, outcome, occurred_at)
                VALUES (?, ?, ?, 'CHECKED_OUT', ?) ON CONFLICT (order_id) DO NOTHING""",
                placed.orderId(), cartId, placed.customerId(), now.atOffset(ZoneOffset.UTC));
        if (claimed == 0) {
            log.debug("Order {} took from cart {} before; this copy changes nothing", placed.orderId(), cartId);
            return Optional.empty();
        }
        Outcome outcome;
        String redeemed = null;
        if (cart == null) {
            outcome = Outcome.UNKNOWN_CART;
        } else if (!cart.customerId().equals(placed.customerId())) {
            outcome = Outcome.NOT_THE_CUSTOMERS;
        } else if (cart.status() != CartStatus.OPEN) {
            outcome = Outcome.CART_CLOSED;
        } else {
            Map<String, Integer> ordered = new LinkedHashMap<>();
            for (OrderLine line : placed.lines()) {
                ordered.merge(line.sku(), line.quantity(), Integer::sum);
            }
            if (cart.checkOut(ordered, placed.promoCode(), now)) {
                redeemed = placed.promoCode();
            } else if (placed.promoCode() != null) {
                // The order used a code the cart let go of since (and gave back): the order's redemption counts.
                if (promotions.redeemForOrder(placed.promoCode())) {
                    redeemed = placed.promoCode();
                } else {
                    log.warn("Order {} used promotion {}, which can no longer be counted (unknown or at its limit)",
                            placed.orderId(), placed.promoCode());
                }
            }
            carts.saveAndFlush(cart);
            outbox.publish(new CartCheckedOut(cartId, cart.customerId(), placed.orderId(), placed.lines(),
                    placed.total(), now));
            outcome = Outcome.CHECKED_OUT;
        }
        jdbc.update("UPDATE cart_checkout SET outcome = ?, promo_code = ?, cart_status = ? WHERE order_id = ?",
                outcome.name(), redeemed, cart == null ? null : cart.status().name(), placed.orderId());
        if (outcome == Outcome.CHECKED_OUT) {
            log.info("Order {} checked out of cart {} (now {}){}", placed.orderId(), cartId, cart.status(),
                    redeemed == null ? "" : ", redeeming " + redeemed);
        } else {
            log.warn("Order {} names cart {} but takes nothing from it: {}", placed.orderId(), cartId, outcome);
        }
        return Optional.of(outcome);
    }
}
