package com.example.commerce.cart.cart;

import com.example.commerce.cart.promotion.PromotionCatalog;
import com.example.commerce.cart.promotion.PromotionRejection;
import com.example.commerce.cart.promotion.PromotionRules;
import com.example.commerce.cart.promotion.PromotionTerms;
import com.example.commerce.cart.stock.StockBook;
import com.example.commerce.catalogprices.CatalogPrice;
import com.example.commerce.catalogprices.PriceBook;
import com.example.commerce.events.shared.Money;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * Prices a cart on the server from this service's read models (catalogue prices, stock levels, promotions):
 * no call to another service, nothing taken from the client. Runs inside the caller's transaction.
 */
@Component
class CartPricing {

    private final PriceBook priceBook;
    private final StockBook stockBook;
    private final PromotionCatalog promotions;
    private final CartProperties properties;

    CartPricing(PriceBook priceBook, StockBook stockBook, PromotionCatalog promotions, CartProperties properties) {
        this.priceBook = priceBook;
        this.stockBook = stockBook;
        this.promotions = promotions;
        this.properties = properties;
    }

    /** What a customer without an open cart sees. */
    CartView empty(UUID customerId) {
        Money zero = Money.zero(properties.defaultCurrency());
        return new CartView(null, customerId, CartStatus.OPEN, properties.defaultCurrency(), List.of(), null,
                new CartView.Totals(zero, zero, zero, 0), null, null);
    }

    CartView view(Cart cart, Instant now) {
        String currency = cart.currency() != null ? cart.currency() : properties.defaultCurrency();
        List<CartLine> lines = cart.lines();
        List<String> skus = lines.stream().map(CartLine::sku).toList();
        Map<String, String> availability = stockBook.availabilityOf(skus);
        Map<String, String> categoryOf = categoriesOf(skus);
        List<CartView.LineView> views = new ArrayList<>();
        List<PromotionRules.QualifyingLine> qualifying = new ArrayList<>();
        long linesTotal = 0;
        int items = 0;
        for (CartLine line : lines) {
            CartView.LineView view = lineView(line, currency, availability.get(line.sku()));
            views.add(view);
            qualifying.add(new PromotionRules.QualifyingLine(line.sku(), categoryOf.get(line.sku()), view.lineTotal()));
            linesTotal = Math.addExact(linesTotal, view.lineTotal().amountMinor());
            items += line.quantity();
        }
        CartView.PromoView promo = null;
        Money discount = Money.zero(currency);
        if (cart.promoCode() != null) {
            Optional<PromotionTerms> terms = promotions.termsOf(cart.promoCode());
            if (terms.isEmpty()) {
                promo = new CartView.PromoView(cart.promoCode(), false, PromotionRejection.UNKNOWN_CODE.name(),
                        PromotionRejection.UNKNOWN_CODE.explanation());
            } else {
                PromotionRules.Outcome outcome = PromotionRules.evaluate(terms.get(), currency, qualifying, now);
                discount = outcome.discount();
                promo = outcome.applies()
                        ? new CartView.PromoView(cart.promoCode(), true, null, terms.get().description())
                        : new CartView.PromoView(cart.promoCode(), false, outcome.rejection().name(),
                                outcome.rejection().explanation());
            }
        }
        Money lineSum = new Money(linesTotal, currency);
        return new CartView(cart.id(), cart.customerId(), cart.status(), currency, List.copyOf(views), promo,
                new CartView.Totals(lineSum, discount, new Money(linesTotal - discount.amountMinor(), currency), items),
                cart.updatedAt(), cart.version());
    }

    /** The outcome of {@code code} on {@code cart} as it is now, for applying it. */
    PromotionRules.Outcome evaluate(PromotionTerms terms, Cart cart, Instant now) {
        CartView view = view(cart, now);
        Map<String, String> categoryOf = categoriesOf(view.lines().stream().map(CartView.LineView::sku).toList());
        List<PromotionRules.QualifyingLine> qualifying = view.lines().stream()
                .map(line -> new PromotionRules.QualifyingLine(line.sku(), categoryOf.get(line.sku()), line.lineTotal()))
                .toList();
        return PromotionRules.evaluate(terms, view.currency(), qualifying, now);
    }

    /** What the customer sees of each line now, for acknowledging it. */
    Map<String, Cart.Seen> seenNow(Cart cart, Instant now) {
        CartView view = view(cart, now);
        Map<String, Cart.Seen> seen = new java.util.HashMap<>();
        view.lines().forEach(line -> seen.put(line.sku(), new Cart.Seen(line.unitPrice().amountMinor(),
                line.availability())));
        return seen;
    }

    /** The category path of each SKU the catalogue gave one. */
    private Map<String, String> categoriesOf(List<String> skus) {
        Map<String, String> categories = new java.util.HashMap<>();
        for (String sku : skus) {
            priceBook.find(sku).map(CatalogPrice::categoryPath).ifPresent(path -> categories.put(sku, path));
        }
        return categories;
    }

    private CartView.LineView lineView(CartLine line, String currency, String availability) {
        Money seen = new Money(line.seenPriceAmount(), currency);
        Optional<CatalogPrice> price = priceBook.find(line.sku());
        Money unit = price.map(CatalogPrice::price).filter(now -> now.currency().equals(currency)).orElse(seen);
        boolean discontinued = price.map(CatalogPrice::discontinued).orElse(false);
        List<String> notices = new ArrayList<>();
        CartView.PriceChange change = null;
        if (unit.amountMinor() != seen.amountMinor()) {
            notices.add(CartView.PRICE_CHANGED);
            change = new CartView.PriceChange(seen, unit);
        }
        if ("OUT_OF_STOCK".equals(availability) && !"OUT_OF_STOCK".equals(line.seenAvailability())) {
            notices.add(CartView.OUT_OF_STOCK);
        }
        if (discontinued) {
            notices.add(CartView.DISCONTINUED);
        }
        return new CartView.LineView(line.sku(), price.map(CatalogPrice::name).orElse(line.sku()), line.quantity(),
                unit, unit.times(line.quantity()), availability, discontinued, change, List.copyOf(notices));
    }
}
