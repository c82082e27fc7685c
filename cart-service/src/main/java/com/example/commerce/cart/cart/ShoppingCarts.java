package com.example.commerce.cart.cart;

import com.example.commerce.starter.security.Caller;
import com.example.commerce.cart.access.Scopes;
import com.example.commerce.cart.promotion.PromotionCatalog;
import com.example.commerce.cart.promotion.PromotionRejectedException;
import com.example.commerce.cart.promotion.PromotionRejection;
import com.example.commerce.cart.promotion.PromotionRules;
import com.example.commerce.cart.promotion.PromotionTerms;
import com.example.commerce.cart.stock.StockBook;
import com.example.commerce.catalogprices.CatalogPrice;
import com.example.commerce.catalogprices.PriceBook;
import com.example.commerce.events.cart.CartAbandoned;
import com.example.commerce.events.cart.ItemAddedToCart;
import com.example.commerce.starter.outbox.Outbox;
import com.example.commerce.starter.outbox.Uuids;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Customers' carts: show, add, change a quantity, remove, apply or drop a promotion code, acknowledge
 * changes, and expire idle carts. Only the customer a cart belongs to reaches it (a caller whose subject is
 * that customer id); a caller with {@code carts:read} may read any cart; anyone else gets the same
 * {@link CartNotFoundException} as for a cart that does not exist.
 *
 * <p>Every change takes an optional {@code ifMatch}: the entity tag of the cart as the client last saw it.
 * If the cart has changed since (another tab, a price change), the change is refused
 * ({@link StaleCartException}) and nothing changes. Changes of one cart queue on its row lock, so the tag
 * is compared with the state the change applies to.
 */
@Service
public class ShoppingCarts {

    private static final Logger log = LoggerFactory.getLogger(ShoppingCarts.class);

    /** How many idle carts one pass of {@link #expireIdle} expires at most. */
    static final int EXPIRY_BATCH = 100;

    private final Carts carts;
    private final CartPricing pricing;
    private final PriceBook priceBook;
    private final StockBook stockBook;
    private final PromotionCatalog promotions;
    private final Outbox outbox;
    private final CartProperties properties;
    private final Clock clock;

    ShoppingCarts(Carts carts, CartPricing pricing, PriceBook priceBook, StockBook stockBook,
                  PromotionCatalog promotions, Outbox outbox, CartProperties properties, Clock clock) {
        this.clock = clock;
        this.carts = carts;
        this.pricing = pricing;
        this.priceBook = priceBook;
        this.stockBook = stockBook;
        this.promotions = promotions;
        this.outbox = outbox;
        this.properties = properties;
    }

    /** The open cart of {@code customerId} (an empty one if there is none). */
    @Transactional(readOnly = true)
    public CartView view(UUID customerId, Caller caller) {
        requireReader(customerId, caller);
        return carts.findOpen(customerId).map(cart -> pricing.view(cart, now()))
                .orElseGet(() -> pricing.empty(customerId));
    }

    /**
     * Adds {@code quantity} units of {@code sku}; publishes ItemAddedToCart.
     *
     * @throws UnknownProductException if the catalogue never listed the SKU
     * @throws CartRuleException       if it is discontinued, or a limit or the currency forbids it
     */
    @Transactional
    public CartView add(UUID customerId, Caller caller, String ifMatch, String sku, int quantity) {
        return change(customerId, caller, ifMatch, OPENS_A_CART, (cart, now) -> {
            CatalogPrice price = priceBook.find(sku).orElseThrow(() -> new UnknownProductException(sku));
            if (price.discontinued()) {
                throw new CartRuleException("product-discontinued", "Product discontinued",
                        "SKU " + sku + " is no longer sold.", Map.of("sku", sku));
            }
            String availability = stockBook.availabilityOf(List.of(sku)).get(sku);
            cart.add(sku, quantity, price.price().amountMinor(), price.price().currency(), availability, properties, now);
            return cart1 -> outbox.publish(new ItemAddedToCart(cart1.id(), customerId, sku, quantity, price.price(), now));
        });
    }

    /** Sets the quantity of the line of {@code sku}. */
    @Transactional
    public CartView changeQuantity(UUID customerId, Caller caller, String ifMatch, String sku, int quantity) {
        return change(customerId, caller, ifMatch, empty -> {
            throw new LineNotFoundException(sku);
        }, (cart, now) -> {
            if (!cart.changeQuantity(sku, quantity, properties, now)) {
                throw new LineNotFoundException(sku);
            }
            return NOTHING_TO_PUBLISH;
        });
    }

    /** Removes the line of {@code sku}. */
    @Transactional
    public CartView remove(UUID customerId, Caller caller, String ifMatch, String sku) {
        return change(customerId, caller, ifMatch, empty -> {
            throw new LineNotFoundException(sku);
        }, (cart, now) -> {
            if (!cart.remove(sku, now)) {
                throw new LineNotFoundException(sku);
            }
            return NOTHING_TO_PUBLISH;
        });
    }

    /**
     * Applies a promotion code: one per cart (the same code again changes nothing). It must be known, valid
     * now, met by the cart (minimum order value, a qualifying line) and not redeemed up to its limit.
     *
     * @throws PromotionRejectedException saying why it cannot be applied
     */
    @Transactional
    public CartView applyPromoCode(UUID customerId, Caller caller, String ifMatch, String code) {
        String normalised = PromotionTerms.normalise(code);
        return change(customerId, caller, ifMatch, empty -> {
            PromotionTerms terms = promotions.termsOf(normalised)
                    .orElseThrow(() -> new PromotionRejectedException(normalised, PromotionRejection.UNKNOWN_CODE));
            throw new PromotionRejectedException(terms.code(), PromotionRejection.NOT_APPLICABLE);
        }, (cart, now) -> {
            if (normalised.equals(cart.promoCode())) {
                return NOTHING_TO_PUBLISH;
            }
            if (cart.promoCode() != null) {
                throw new PromotionRejectedException(normalised, PromotionRejection.ANOTHER_CODE_APPLIED);
            }
            PromotionTerms terms = promotions.termsOf(normalised)
                    .orElseThrow(() -> new PromotionRejectedException(normalised, PromotionRejection.UNKNOWN_CODE));
            PromotionRules.Outcome outcome = pricing.evaluate(terms, cart, now);
            if (!outcome.applies()) {
                throw new PromotionRejectedException(normalised, outcome.rejection());
            }
            promotions.claim(normalised);
            cart.applyPromoCode(normalised, now);
            return NOTHING_TO_PUBLISH;
        });
    }

    /** Drops the cart's promotion code, giving its redemption back. */
    @Transactional
    public CartView removePromoCode(UUID customerId, Caller caller, String ifMatch) {
        return change(customerId, caller, ifMatch, empty -> empty, (cart, now) -> {
            cart.removePromoCode(now).ifPresent(promotions::giveBack);
            return NOTHING_TO_PUBLISH;
        });
    }

    /**
     * The customer has seen the cart as it is: price changes and out-of-stock notices are cleared (the
     * prices and availability shown become the ones seen).
     */
    @Transactional
    public CartView acknowledge(UUID customerId, Caller caller, String ifMatch) {
        return change(customerId, caller, ifMatch, empty -> empty, (cart, now) -> {
            cart.acknowledge(pricing.seenNow(cart, now), now);
            return NOTHING_TO_PUBLISH;
        });
    }

    /**
     * Expires open carts untouched for longer than the idle timeout: each becomes ABANDONED, gives its
     * promotion redemption back and publishes CartAbandoned with the units it held and what its lines came to. Safe beside other instances (SKIP LOCKED).
     *
     * @return how many carts expired
     */
    @Transactional
    public int expireIdle() {
        Instant now = now();
        List<UUID> idle = carts.lockIdle(now.minus(properties.idleTimeout()), EXPIRY_BATCH);
        for (UUID id : idle) {
            Cart cart = carts.findById(id).orElseThrow();
            if (cart.promoCode() != null) {
                promotions.giveBack(cart.promoCode());
            }
            CartView.Totals left = pricing.view(cart, now).totals();
            cart.abandon(now);
            outbox.publish(new CartAbandoned(cart.id(), cart.customerId(), left.items(), left.lines(), now));
            log.info("Cart {} of customer {} expired after being idle since {}", cart.id(), cart.customerId(),
                    cart.updatedAt());
        }
        return idle.size();
    }

    /** Now, to the microsecond PostgreSQL keeps, so a cart shown before and after a reload is the same. */
    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    private static final Consumer<Cart> NOTHING_TO_PUBLISH = cart -> { };

    /** A change of a locked cart; returns what to publish once it is saved. */
    private interface CartChange {
        Consumer<Cart> apply(Cart cart, Instant now);
    }

    /** What a change does when the customer has no open cart: answer (the empty cart) or refuse. */
    private interface WithoutCart {
        CartView apply(CartView empty);
    }

    /** Adding opens a cart when the customer has none; no other change does. */
    private static final WithoutCart OPENS_A_CART = null;

    private CartView change(UUID customerId, Caller caller, String ifMatch, WithoutCart withoutCart,
                            CartChange change) {
        requireOwner(customerId, caller);
        Instant now = now();
        Cart cart = carts.findOpenForUpdate(customerId).orElse(null);
        CartView before = cart == null ? pricing.empty(customerId) : pricing.view(cart, now);
        if (ifMatch != null && !matches(ifMatch, before.etag())) {
            throw new StaleCartException(before.etag());
        }
        if (cart == null && withoutCart != OPENS_A_CART) {
            return withoutCart.apply(before);
        }
        if (cart == null) {
            carts.openUnlessOpen(Uuids.v7(), customerId, now);
            cart = carts.findOpenForUpdate(customerId).orElseThrow();
        }
        Consumer<Cart> publish = change.apply(cart, now);
        Cart saved = carts.saveAndFlush(cart);
        publish.accept(saved);
        return pricing.view(saved, now);
    }

    private static boolean matches(String ifMatch, String etag) {
        for (String candidate : ifMatch.split(",")) {
            String tag = candidate.strip();
            if (tag.equals("*") || tag.equals(etag)) {
                return true;
            }
        }
        return false;
    }

    private static void requireOwner(UUID customerId, Caller caller) {
        if (!caller.subject().equals(customerId.toString())) {
            throw new CartNotFoundException(customerId);
        }
    }

    private static void requireReader(UUID customerId, Caller caller) {
        if (!caller.subject().equals(customerId.toString()) && !caller.hasScope(Scopes.CARTS_READ)) {
            throw new CartNotFoundException(customerId);
        }
    }
}
