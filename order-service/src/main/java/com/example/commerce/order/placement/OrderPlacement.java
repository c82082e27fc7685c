package com.example.commerce.order.placement;

import com.example.commerce.catalogprices.CatalogPrice;
import com.example.commerce.catalogprices.PriceBook;
import com.example.commerce.events.shared.Address;
import com.example.commerce.order.OrderProperties;
import com.example.commerce.order.access.Scopes;
import com.example.commerce.order.idempotency.IdempotencyKeys;
import com.example.commerce.order.order.Deadlines;
import com.example.commerce.order.order.Order;
import com.example.commerce.order.order.OrderItem;
import com.example.commerce.order.order.OrderJournal;
import com.example.commerce.order.order.OrderView;
import com.example.commerce.order.order.Orders;
import com.example.commerce.order.order.Outcome;
import com.example.commerce.order.peers.PeerServices;
import com.example.commerce.order.peers.PeerUnavailableException;
import com.example.commerce.order.peers.PeerViews;
import com.example.commerce.starter.outbox.Uuids;
import com.example.commerce.starter.security.Caller;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * Places orders: claims the Idempotency-Key, asks the peers (cart, address book, wallet) in parallel and
 * outside any transaction, prices and checks the order; a checkout of the cart then claims the cart, as it was
 * read, for the order id about to be stored, and takes the order from the cart as claimed. Then it stores the
 * order, its lines, its first timeline entry, OrderPlaced (outbox) and the key's response in one transaction. A
 * request that fails anywhere releases its key, gives its cart claim back and stores nothing.
 */
@Service
public class OrderPlacement {

    /** Cart notices that the customer must have looked at before checking out. */
    static final Set<String> NOTICES_TO_REVIEW = Set.of("PRICE_CHANGED", "OUT_OF_STOCK", "DISCONTINUED");

    private final IdempotencyKeys keys;
    private final PeerServices peers;
    private final PriceBook priceBook;
    private final Orders orders;
    private final OrderJournal journal;
    private final Deadlines deadlines;
    private final OrderProperties properties;
    private final TransactionTemplate transactions;
    private final JsonMapper json;
    private final Clock clock;
    private final SagaBacklog backlog;

    OrderPlacement(IdempotencyKeys keys, PeerServices peers, PriceBook priceBook, Orders orders, OrderJournal journal,
                   Deadlines deadlines, OrderProperties properties, TransactionTemplate transactions, JsonMapper json,
                   Clock clock, SagaBacklog backlog) {
        this.clock = clock;
        this.backlog = backlog;
        this.keys = keys;
        this.peers = peers;
        this.priceBook = priceBook;
        this.orders = orders;
        this.journal = journal;
        this.deadlines = deadlines;
        this.properties = properties;
        this.transactions = transactions;
        this.json = json;
    }

    /**
     * @param bearerToken the caller's own token, relayed to the peers
     * @return the response to give: the new order's, or the first response of the same key and body
     */
    public IdempotencyKeys.Response place(Caller caller, String bearerToken, String idempotencyKey,
                                          PlaceOrderRequest request) {
        PlaceOrderRequest canonical = request.canonical();
        IdempotencyKeys.Claim claim = keys.claim(caller.subject(), idempotencyKey, hash(canonical));
        if (claim instanceof IdempotencyKeys.Replay replay) {
            return replay.response();
        }
        IdempotencyKeys.Claimed held = (IdempotencyKeys.Claimed) claim;
        try {
            backlog.admit(); // a replay of a placed order is answered whatever the backlog
            Prepared prepared = claimCart(prepare(caller, bearerToken, canonical), bearerToken);
            try {
                return transactions.execute(status -> store(caller, held, prepared));
            } catch (RuntimeException notStored) {
                giveBackCart(prepared, bearerToken);
                throw notStored;
            }
        } catch (RuntimeException failed) {
            keys.release(held);
            throw failed;
        }
    }

    /**
     * Everything the order needs, gathered before the transaction.
     *
     * @param orderId     the id the order will have (a cart is claimed for it)
     * @param cartVersion the version of the cart as read, for a checkout of the cart
     */
    private record Prepared(UUID orderId, UUID customerId, List<OrderItem> items, String currency, long discount,
                            String promoCode, UUID cartId, Long cartVersion, Address address, UUID paymentMethodId,
                            boolean allowBackorder) {

        /** The order as the claimed cart has it. */
        Prepared from(PeerViews.Cart claimed, List<OrderItem> claimedItems) {
            return new Prepared(orderId, customerId, claimedItems, claimed.currency(), claimed.discount().amountMinor(),
                    claimed.promoCode(), claimed.cartId(), claimed.version(), address, paymentMethodId, allowBackorder);
        }
    }

    /**
     * A checkout of the cart claims it, as it was read, for the order about to be stored: from then on the cart's
     * lines are this order's, and the order takes them (and their prices and discount) as the claim answered.
     * A cart another order claimed is a {@link CartAlreadyCheckedOutException} naming that order.
     */
    private Prepared claimCart(Prepared prepared, String token) {
        if (prepared.cartId() == null) {
            return prepared;
        }
        if (prepared.cartVersion() == null) {
            throw new PeerUnavailableException(PeerServices.CART, "cart-service answered a cart without its version", null);
        }
        PeerViews.CartClaim claim;
        try {
            claim = peers.claimCart(prepared.customerId(), prepared.cartId(), prepared.cartVersion(),
                    prepared.orderId(), token);
        } catch (PeerUnavailableException unclear) {
            giveBackCart(prepared, token); // it may have been made before its answer was lost
            throw unclear;
        }
        return switch (claim) {
            case PeerViews.CartTakenByOrder taken -> throw new CartAlreadyCheckedOutException(taken.orderId(),
                    taken.claimStatus());
            case PeerViews.CartChanged changed -> throw new CartChangedException(changed.reason());
            case PeerViews.CartClaimed claimed -> {
                try {
                    yield prepared.from(claimed.cart(), fromCart(claimed.cart()));
                } catch (RuntimeException refused) {
                    giveBackCart(prepared, token);
                    throw refused;
                }
            }
        };
    }

    /** Gives back the cart claim of an order that is not stored (best effort: else cart-service does, later). */
    private void giveBackCart(Prepared prepared, String token) {
        if (prepared.cartId() != null) {
            peers.releaseCart(prepared.customerId(), prepared.orderId(), token);
        }
    }

    private Prepared prepare(Caller caller, String token, PlaceOrderRequest request) {
        UUID self = asUuid(caller.subject());
        boolean onBehalf = request.customerId() != null && !request.customerId().equals(self);
        if (onBehalf && !caller.hasScope(Scopes.ORDERS_WRITE)) {
            throw new AccessDeniedException("Only a client with scope orders:write may order for another customer");
        }
        UUID customerId = request.customerId() != null ? request.customerId() : self;
        if (customerId == null) {
            throw refused("customer-required", "Customer required",
                    "The token's subject is not a customer: name the customer in customerId (scope orders:write).",
                    Map.of());
        }
        if (onBehalf && (request.lines() == null || request.shippingAddress() == null)) {
            throw refused("explicit-order-required", "Lines and address required",
                    "An order for another customer names its lines and its shippingAddress.", Map.of());
        }
        // Explicit lines are checked locally first; then the peers are asked at once, each on a virtual
        // thread (at most three calls per request), and their answers judged in a fixed order.
        List<OrderItem> items = request.lines() == null ? null : priced(request.lines());
        String currency = items == null ? null : currencyOf(items);
        long discount = 0;
        String promoCode = null;
        UUID cartId = null;
        Long cartVersion = null;
        Address address;
        try (ExecutorService calls = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<PeerViews.Cart> cart = items == null ? calls.submit(() -> peers.cart(customerId, token)) : null;
            Future<List<PeerViews.SavedAddress>> book = request.shippingAddress() == null
                    ? calls.submit(() -> peers.addresses(token)) : null;
            Future<Boolean> method = onBehalf ? null
                    : calls.submit(() -> peers.hasPaymentMethod(request.paymentMethodId(), token));
            if (cart != null) {
                PeerViews.Cart checkedOut = answer(cart);
                items = fromCart(checkedOut);
                currency = checkedOut.currency();
                discount = checkedOut.discount().amountMinor();
                promoCode = checkedOut.promoCode();
                cartId = checkedOut.cartId();
                cartVersion = checkedOut.version();
            }
            address = address(request, book == null ? List.of() : answer(book));
            if (method != null && !answer(method)) {
                throw refused("payment-method-unknown", "Unknown payment method",
                        "Payment method " + request.paymentMethodId() + " is not one of the customer's saved methods.",
                        Map.of("paymentMethodId", request.paymentMethodId()));
            }
        }
        return new Prepared(Uuids.v7(), customerId, items, currency, discount, promoCode, cartId, cartVersion, address,
                request.paymentMethodId(), Boolean.TRUE.equals(request.allowBackorder()));
    }

    private List<OrderItem> fromCart(PeerViews.Cart cart) {
        if (cart.cartId() == null || cart.lines().isEmpty()) {
            throw refused("cart-empty", "Cart is empty", "There is nothing in the cart to order.", Map.of());
        }
        List<String> toReview = cart.lines().stream()
                .filter(line -> line.notices().stream().anyMatch(NOTICES_TO_REVIEW::contains))
                .map(PeerViews.CartLine::sku).toList();
        if (!toReview.isEmpty()) {
            throw refused("cart-needs-review", "Cart needs review", "Lines of the cart changed since the customer last"
                    + " looked at it (price, stock or discontinuation): acknowledge the cart first.",
                    Map.of("skus", toReview));
        }
        if (cart.lines().size() > properties.maxLines()) {
            throw refused("too-many-lines", "Too many lines", "An order holds at most " + properties.maxLines()
                    + " lines.", Map.of("maxLines", properties.maxLines()));
        }
        return cart.lines().stream().map(line -> new OrderItem(line.sku(), line.name(), line.quantity(),
                line.unitPrice().amountMinor())).toList();
    }

    /** Explicit lines: the same SKU twice is merged into one line (quantities added), then bounded and priced. */
    private List<OrderItem> priced(List<PlaceOrderRequest.Line> lines) {
        Map<String, Integer> merged = new LinkedHashMap<>();
        for (PlaceOrderRequest.Line line : lines) {
            merged.merge(line.sku(), line.quantity(), Integer::sum);
        }
        if (merged.size() > properties.maxLines()) {
            throw refused("too-many-lines", "Too many lines", "An order holds at most " + properties.maxLines()
                    + " lines.", Map.of("maxLines", properties.maxLines()));
        }
        List<OrderItem> items = new ArrayList<>();
        for (Map.Entry<String, Integer> line : merged.entrySet()) {
            String sku = line.getKey();
            int quantity = line.getValue();
            if (quantity < 1 || quantity > properties.maxQuantityPerLine()) {
                throw refused("line-quantity-out-of-bounds", "Quantity out of bounds", "The quantity of " + sku
                        + " must be 1.." + properties.maxQuantityPerLine() + " (same SKUs added up): " + quantity,
                        Map.of("sku", sku, "maxQuantityPerLine", properties.maxQuantityPerLine()));
            }
            CatalogPrice price = priceBook.find(sku).orElseThrow(() -> refused("unknown-sku", "Unknown SKU",
                    "The catalogue lists no " + sku + ".", Map.of("sku", sku)));
            if (price.discontinued()) {
                throw refused("sku-discontinued", "SKU discontinued", sku + " is no longer sold.", Map.of("sku", sku));
            }
            items.add(new OrderItem(sku, price.name(), quantity, price.price().amountMinor()));
        }
        return items;
    }

    private String currencyOf(List<OrderItem> items) {
        Set<String> currencies = new java.util.TreeSet<>();
        for (OrderItem item : items) {
            priceBook.find(item.sku()).ifPresent(price -> currencies.add(price.price().currency()));
        }
        if (currencies.size() != 1) {
            throw refused("currency-mismatch", "Currency mismatch", "The lines are priced in " + currencies
                    + "; an order is in one currency.", Map.of("currencies", List.copyOf(currencies)));
        }
        return currencies.iterator().next();
    }

    /** A peer's answer, or what it threw (a PeerUnavailableException, mostly). */
    private static <T> T answer(Future<T> call) {
        try {
            return call.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException failure) {
                throw failure;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while asking the peers", e);
        }
    }

    private Address address(PlaceOrderRequest request, List<PeerViews.SavedAddress> book) {
        if (request.shippingAddress() != null) {
            PlaceOrderRequest.AddressRequest given = request.shippingAddress();
            return new Address(given.line1().strip(), given.line2() == null || given.line2().isBlank() ? null
                    : given.line2().strip(), given.city().strip(), given.postalCode().strip(), given.country());
        }
        Optional<PeerViews.SavedAddress> chosen = request.shippingAddressId() != null
                ? book.stream().filter(entry -> entry.id().equals(request.shippingAddressId())).findFirst()
                : book.stream().filter(PeerViews.SavedAddress::defaultShipping).findFirst();
        return chosen.map(PeerViews.SavedAddress::address).orElseThrow(() -> request.shippingAddressId() != null
                ? refused("shipping-address-unknown", "Unknown address", "Address " + request.shippingAddressId()
                        + " is not in the customer's address book.", Map.of("shippingAddressId", request.shippingAddressId()))
                : refused("shipping-address-required", "No shipping address", "The customer has no default shipping"
                        + " address: give shippingAddress or shippingAddressId.", Map.of()));
    }

    private IdempotencyKeys.Response store(Caller caller, IdempotencyKeys.Claimed held, Prepared prepared) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        UUID id = prepared.orderId();
        Order.Placed placed = Order.place(id, prepared.customerId(), prepared.items(), prepared.currency(),
                prepared.discount(), prepared.promoCode(), prepared.address(), prepared.paymentMethodId(),
                prepared.allowBackorder(), prepared.cartId(), now, deadlines);
        Order order = orders.saveAndFlush(placed.order()); // the timeline's rows refer to it
        String how = prepared.cartId() != null ? "checked out cart " + prepared.cartId()
                : prepared.items().size() + " line(s) priced from the catalogue";
        journal.publish(order, new Outcome(true, how, List.of(placed.event())), now);
        IdempotencyKeys.Response response = new IdempotencyKeys.Response(202, "/api/v1/orders/" + id,
                json.writeValueAsString(OrderView.of(order)));
        keys.complete(held, id, response);
        return response;
    }

    private String hash(PlaceOrderRequest canonical) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(json.writeValueAsString(canonical)
                    .getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static PlacementRefusedException refused(String slug, String title, String detail, Map<String, ?> details) {
        return new PlacementRefusedException(slug, title, detail, details);
    }

    private static UUID asUuid(String subject) {
        try {
            return UUID.fromString(subject);
        } catch (IllegalArgumentException notACustomer) {
            return null;
        }
    }
}
