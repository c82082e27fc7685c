package com.example.commerce.cart.cart;

import com.example.commerce.cart.promotion.PromotionCatalog;
import com.example.commerce.events.cart.CartCheckedOut;
import com.example.commerce.events.order.OrderPlaced;
import com.example.commerce.events.shared.OrderLine;
import com.example.commerce.starter.outbox.Outbox;
import com.example.commerce.starter.outbox.Uuids;
import com.example.commerce.starter.security.Caller;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

/**
 * A cart is checked out at most once. A checkout first <b>claims</b> the cart as the customer saw it (its
 * version) for the order it is about to place ({@link #claim}): the lines and the promotion code leave the cart
 * at once, and the claim answers the priced cart the order is built from. A second checkout of that version
 * is told which order has it. The claim becomes final when the order's OrderPlaced arrives
 * ({@link #orderPlaced}); a claim whose order was never placed is given back, by order-service
 * ({@link #release}) or once it is past its time ({@link #expireClaims}): its lines merge into the cart again.
 *
 * <p>An OrderPlaced from a cart takes its lines from that cart once per order, only from the cart of the
 * order's customer, and only from an OPEN cart: each order's outcome is kept in {@code cart_checkout}, so the
 * same order delivered again (under any event id) changes nothing. Its claim's lines left the cart already;
 * without a claim (or after its claim was given back) the ordered units are taken from the cart as they are.
 * CartCheckedOut (the order's lines and total) is published through the outbox when the cart was taken from.
 *
 * <p>The promotion code the order used becomes a final redemption: the claim or the cart holding it lets it
 * go without giving it back; if neither holds it any more (the customer dropped it), the order's redemption is
 * counted again, within the code's limit.
 *
 * <p>Every change of a cart and of its claims holds the cart's row lock, so they queue.
 */
@Service
public class CartCheckouts {

    private static final Logger log = LoggerFactory.getLogger(CartCheckouts.class);

    /** How many claims one pass of {@link #expireClaims} gives back at most. */
    static final int EXPIRY_BATCH = 100;

    /** What an order did to the cart it names. */
    public enum Outcome { CHECKED_OUT, UNKNOWN_CART, NOT_THE_CUSTOMERS, CART_CLOSED }

    /**
     * A claim as its checkout sees it.
     *
     * @param cartVersion the version of the cart it claimed
     * @param cart        the cart as claimed, priced: the lines, promotion and totals the order takes
     */
    public record ClaimView(UUID orderId, UUID cartId, UUID customerId, long cartVersion, CheckoutClaim.Status status,
                            Instant claimedAt, Instant expiresAt, CartView cart) {
    }

    /** A claim's answer, and whether this call made it (rather than finding it). */
    public record ClaimResult(ClaimView claim, boolean created) {
    }

    private final Carts carts;
    private final CheckoutClaims claims;
    private final CartPricing pricing;
    private final JdbcTemplate jdbc;
    private final Outbox outbox;
    private final PromotionCatalog promotions;
    private final CartProperties properties;
    private final JsonMapper json;
    private final Clock clock;

    CartCheckouts(Carts carts, CheckoutClaims claims, CartPricing pricing, JdbcTemplate jdbc, Outbox outbox,
                  PromotionCatalog promotions, CartProperties properties, JsonMapper json, Clock clock) {
        this.carts = carts;
        this.claims = claims;
        this.pricing = pricing;
        this.jdbc = jdbc;
        this.outbox = outbox;
        this.promotions = promotions;
        this.properties = properties;
        this.json = json;
        this.clock = clock;
    }

    /**
     * Claims the customer's cart {@code cartId} as it was at {@code cartVersion} for order {@code orderId}: every
     * line, and the promotion code when it applies, leave the cart; the claim holds them until the order is
     * placed or the claim is given back. The same order id again answers the same claim.
     *
     * @throws CartNotFoundException   if the caller is not the customer, or the cart is not theirs
     * @throws CheckoutClaimException  409: another order claimed that version (naming it), the cart is at
     *                                 another version, or this order's claim was given back
     * @throws CartRuleException       422 {@code cart-empty} if there is nothing to check out
     */
    @Transactional
    public ClaimResult claim(UUID customerId, Caller caller, UUID orderId, UUID cartId, long cartVersion) {
        requireOwner(customerId, caller);
        Instant now = now();
        Cart cart = carts.findByIdForUpdate(cartId).filter(found -> found.customerId().equals(customerId))
                .orElseThrow(() -> new CartNotFoundException(customerId));
        Optional<CheckoutClaim> same = claims.findById(orderId);
        if (same.isPresent()) {
            CheckoutClaim claim = same.get();
            if (!claim.customerId().equals(customerId) || !claim.cartId().equals(cartId)) {
                throw new CartNotFoundException(customerId);
            }
            if (claim.status() == CheckoutClaim.Status.RELEASED || claim.status() == CheckoutClaim.Status.EXPIRED) {
                throw CheckoutClaimException.givenBack(claim);
            }
            return new ClaimResult(view(claim), false);
        }
        Optional<CheckoutClaim> earlier = claims.findByCartVersion(cartId, cartVersion);
        if (earlier.isPresent() && (earlier.get().status() == CheckoutClaim.Status.CLAIMED
                || earlier.get().status() == CheckoutClaim.Status.PLACED)) {
            throw CheckoutClaimException.takenBy(earlier.get());
        }
        if (cart.status() != CartStatus.OPEN || cart.version() != cartVersion) {
            throw CheckoutClaimException.cartChanged(cart, cartVersion);
        }
        if (cart.lines().isEmpty()) {
            throw new CartRuleException("cart-empty", "Cart is empty", "There is nothing in the cart to check out.",
                    Map.of());
        }
        CartView snapshot = pricing.view(cart, now);
        String promoCode = snapshot.promo() != null && snapshot.promo().applied() ? snapshot.promo().code() : null;
        List<CartLine> taken = cart.takeForCheckout(promoCode != null, now);
        carts.saveAndFlush(cart);
        CheckoutClaim claim = claims.saveAndFlush(new CheckoutClaim(orderId, cart, cartVersion, taken, promoCode,
                json.writeValueAsString(snapshot), now, now.plus(properties.claimTtl())));
        log.info("Order {} claimed cart {} at version {} ({} line(s){})", orderId, cartId, cartVersion, taken.size(),
                promoCode == null ? "" : ", code " + promoCode);
        return new ClaimResult(view(claim), true);
    }

    /**
     * Gives the claim of {@code orderId} back (order-service did not place the order): its lines merge into the
     * cart again, and its promotion code returns to the cart when the cart holds none (else its redemption is
     * given back). A claim given back already is left as it is.
     *
     * @throws CheckoutClaimException 404 if the customer has no claim of that order, 409 if the order was placed
     */
    @Transactional
    public void release(UUID customerId, Caller caller, UUID orderId) {
        requireOwner(customerId, caller);
        UUID cartId = jdbc.query("SELECT cart_id FROM cart_checkout_claim WHERE order_id = ? AND customer_id = ?",
                (rs, i) -> rs.getObject(1, UUID.class), orderId, customerId).stream().findFirst()
                .orElseThrow(() -> CheckoutClaimException.unknown(orderId));
        Cart cart = carts.findByIdForUpdate(cartId).orElseThrow();
        CheckoutClaim claim = claims.findById(orderId).orElseThrow();
        switch (claim.status()) {
            case PLACED -> throw CheckoutClaimException.alreadyPlaced(claim);
            case RELEASED, EXPIRED -> log.debug("Claim of order {} was given back before ({})", orderId, claim.status());
            case CLAIMED -> giveBack(claim, cart, CheckoutClaim.Status.RELEASED, now());
        }
    }

    /**
     * Gives back claims past their time whose order's OrderPlaced never came (the placement failed, or its
     * instance died): like {@link #release}. Safe beside other instances and beside an OrderPlaced of the same
     * order: both hold the cart's lock, and whichever comes second finds the claim settled.
     *
     * @return how many claims were given back
     */
    @Transactional
    public int expireClaims() {
        Instant now = now();
        int expired = 0;
        for (UUID orderId : claims.lockDue(now, EXPIRY_BATCH)) {
            CheckoutClaim claim = claims.findById(orderId).orElseThrow();
            if (!claim.isDue(now)) {
                continue; // its OrderPlaced came between the look and the lock
            }
            Cart cart = carts.findByIdForUpdate(claim.cartId()).orElseThrow();
            giveBack(claim, cart, CheckoutClaim.Status.EXPIRED, now);
            log.warn("Claim of order {} on cart {} expired without OrderPlaced; its lines are back in the cart",
                    orderId, claim.cartId());
            expired++;
        }
        return expired;
    }

    /** Lines and code back into the claim's cart if it is still open, else into the customer's open cart. */
    private void giveBack(CheckoutClaim claim, Cart cart, CheckoutClaim.Status how, Instant now) {
        Cart target = cart;
        if (cart.status() != CartStatus.OPEN) {
            carts.openUnlessOpen(Uuids.v7(), claim.customerId(), now);
            target = carts.findOpenForUpdate(claim.customerId()).orElseThrow();
        }
        boolean codeBack = target.restore(claim.lines(), claim.currency(), claim.promoCode(), now);
        if (claim.promoCode() != null && !codeBack) {
            promotions.giveBack(claim.promoCode());
        }
        carts.saveAndFlush(target);
        claim.givenBack(how, target.id(), now);
        claims.saveAndFlush(claim);
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
        Instant now = now();
        Cart cart = carts.findByIdForUpdate(cartId).orElse(null);
        // The order's row first: a second copy of the order waits on it and then finds it.
        int recorded = jdbc.update("""
                INSERT INTO cart_checkout (order_id, cart_id, customer_id, outcome, occurred_at)
                VALUES (?, ?, ?, 'CHECKED_OUT', ?) ON CONFLICT (order_id) DO NOTHING""",
                placed.orderId(), cartId, placed.customerId(), now.atOffset(ZoneOffset.UTC));
        if (recorded == 0) {
            log.debug("Order {} took from cart {} before; this copy changes nothing", placed.orderId(), cartId);
            return Optional.empty();
        }
        CheckoutClaim claim = claims.findById(placed.orderId())
                .filter(found -> found.cartId().equals(cartId) && found.customerId().equals(placed.customerId()))
                .orElse(null);
        if (claim != null && claim.status() != CheckoutClaim.Status.CLAIMED && claim.restoredToCartId() != null
                && !claim.restoredToCartId().equals(cartId)) {
            // Its claim was given back into the customer's next cart: that is where the lines are now.
            cart = carts.findByIdForUpdate(claim.restoredToCartId()).orElse(cart);
        }
        Outcome outcome;
        String redeemed = null;
        if (cart == null) {
            outcome = Outcome.UNKNOWN_CART;
        } else if (!cart.customerId().equals(placed.customerId())) {
            outcome = Outcome.NOT_THE_CUSTOMERS;
        } else if (claim != null && claim.place(now)) {
            redeemed = redeem(placed, claim.promoCode());
            cart.checkedOutByClaim(now);
            outcome = checkedOut(cart, placed, now);
            claims.saveAndFlush(claim);
        } else if (cart.status() != CartStatus.OPEN) {
            outcome = Outcome.CART_CLOSED;
        } else {
            Map<String, Integer> ordered = new LinkedHashMap<>();
            for (OrderLine line : placed.lines()) {
                ordered.merge(line.sku(), line.quantity(), Integer::sum);
            }
            if (cart.checkOut(ordered, placed.promoCode(), now)) {
                redeemed = placed.promoCode();
            } else {
                redeemed = redeem(placed, null);
            }
            outcome = checkedOut(cart, placed, now);
        }
        jdbc.update("UPDATE cart_checkout SET outcome = ?, promo_code = ?, cart_status = ? WHERE order_id = ?",
                outcome.name(), redeemed, cart == null ? null : cart.status().name(), placed.orderId());
        if (outcome == Outcome.CHECKED_OUT) {
            log.info("Order {} checked out of cart {} (now {}){}{}", placed.orderId(), cart.id(), cart.status(),
                    claim == null ? "" : ", its claim " + claim.status(),
                    redeemed == null ? "" : ", redeeming " + redeemed);
        } else {
            log.warn("Order {} names cart {} but takes nothing from it: {}", placed.orderId(), cartId, outcome);
        }
        return Optional.of(outcome);
    }

    private Outcome checkedOut(Cart cart, OrderPlaced placed, Instant now) {
        carts.saveAndFlush(cart);
        outbox.publish(new CartCheckedOut(placed.cartId(), cart.customerId(), placed.orderId(), placed.lines(),
                placed.total(), now));
        return Outcome.CHECKED_OUT;
    }

    /**
     * The order's promotion code becomes a final redemption. {@code held} is the code its claim holds (counted
     * already); a code held but not used is given back; a code used but held by neither claim nor cart (the
     * customer dropped it, which gave it back) is counted again, within its limit.
     *
     * @return the code whose redemption is final, if any
     */
    private String redeem(OrderPlaced placed, String held) {
        String used = placed.promoCode();
        if (held != null && held.equals(used)) {
            return used;
        }
        if (held != null) {
            promotions.giveBack(held);
        }
        if (used == null) {
            return null;
        }
        if (promotions.redeemForOrder(used)) {
            return used;
        }
        log.warn("Order {} used promotion {}, which can no longer be counted (unknown or at its limit)",
                placed.orderId(), used);
        return null;
    }

    private ClaimView view(CheckoutClaim claim) {
        return new ClaimView(claim.orderId(), claim.cartId(), claim.customerId(), claim.cartVersion(), claim.status(),
                claim.claimedAt(), claim.expiresAt(), json.readValue(claim.snapshot(), CartView.class));
    }

    /** Now, to the microsecond PostgreSQL keeps. */
    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    private static void requireOwner(UUID customerId, Caller caller) {
        if (!caller.subject().equals(customerId.toString())) {
            throw new CartNotFoundException(customerId);
        }
    }
}
