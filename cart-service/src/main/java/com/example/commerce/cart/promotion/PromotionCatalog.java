package com.example.commerce.cart.promotion;

import com.example.commerce.starter.security.Caller;
import com.example.commerce.cart.access.Scopes;
import com.example.commerce.starter.outbox.Uuids;
import com.example.commerce.starter.web.PageResponse;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Operators' promotions (scope {@code promotions:write}), and what carts ask of them: look a code up, claim
 * one redemption when a cart takes the code, give it back when the cart drops it.
 */
@Service
public class PromotionCatalog {

    private final Promotions promotions;
    private final Clock clock;

    PromotionCatalog(Promotions promotions, Clock clock) {
        this.clock = clock;
        this.promotions = promotions;
    }

    /** The caller lacks {@code promotions:write}. */
    public static class NotAllowedException extends RuntimeException {
        NotAllowedException() {
            super("Managing promotions needs scope " + Scopes.PROMOTIONS_WRITE + ".");
        }
    }

    public static class UnknownPromotionException extends RuntimeException {
        UnknownPromotionException(UUID id) {
            super("No promotion has id " + id + ".");
        }
    }

    public static class DuplicateCodeException extends RuntimeException {
        DuplicateCodeException(String code) {
            super("Another promotion has code " + code + ".");
        }
    }

    public static class LimitBelowRedemptionsException extends RuntimeException {
        LimitBelowRedemptionsException(int limit, int redemptions) {
            super("The redemption limit " + limit + " is below the " + redemptions + " redemption(s) made.");
        }
    }

    @Transactional
    public Promotion create(PromotionTerms terms, Caller caller) {
        requireWrite(caller);
        if (promotions.findByCode(terms.code()).isPresent()) {
            throw new DuplicateCodeException(terms.code());
        }
        try {
            return promotions.saveAndFlush(new Promotion(Uuids.v7(), terms, clock.instant()));
        } catch (DataIntegrityViolationException e) {
            throw new DuplicateCodeException(terms.code());
        }
    }

    @Transactional(readOnly = true)
    public Promotion find(UUID id, Caller caller) {
        requireWrite(caller);
        return promotions.findById(id).orElseThrow(() -> new UnknownPromotionException(id));
    }

    @Transactional(readOnly = true)
    public PageResponse<Promotion> list(int page, int size, Caller caller) {
        requireWrite(caller);
        Page<Promotion> found = promotions.findAll(PageRequest.of(page, size, Sort.by(Sort.Order.desc("createdAt"),
                Sort.Order.desc("id"))));
        return PageResponse.of(found.getContent(), page, size, found.getTotalElements());
    }

    /** Replaces the terms of a promotion; its redemptions stay, and a limit may not fall below them. */
    @Transactional
    public Promotion update(UUID id, PromotionTerms terms, Caller caller) {
        requireWrite(caller);
        Promotion promotion = promotions.findById(id).orElseThrow(() -> new UnknownPromotionException(id));
        if (!promotion.code().equals(terms.code())) {
            promotions.findByCode(terms.code()).ifPresent(other -> {
                throw new DuplicateCodeException(terms.code());
            });
        }
        if (terms.redemptionLimit() != null && terms.redemptionLimit() < promotion.redemptions()) {
            throw new LimitBelowRedemptionsException(terms.redemptionLimit(), promotion.redemptions());
        }
        promotion.apply(terms, clock.instant());
        return promotions.saveAndFlush(promotion);
    }

    /** Deletes a promotion; carts holding its code then show it as no longer known, with no discount. */
    @Transactional
    public void delete(UUID id, Caller caller) {
        requireWrite(caller);
        Promotion promotion = promotions.findById(id).orElseThrow(() -> new UnknownPromotionException(id));
        promotions.delete(promotion);
    }

    /** The promotion of {@code code}, for a cart (no scope needed: the customer typed the code). */
    @Transactional(readOnly = true)
    public Optional<PromotionTerms> termsOf(String code) {
        return promotions.findByCode(PromotionTerms.normalise(code)).map(Promotion::terms);
    }

    /**
     * Counts one more cart holding {@code code}; joins the cart's transaction.
     *
     * @throws PromotionRejectedException if there is no such code or its limit is reached
     */
    @Transactional
    public void claim(String code) {
        Promotion promotion = promotions.findByCode(code)
                .orElseThrow(() -> new PromotionRejectedException(code, PromotionRejection.UNKNOWN_CODE));
        if (promotions.claim(promotion.id()) == 0) {
            throw new PromotionRejectedException(code, PromotionRejection.REDEMPTION_LIMIT_REACHED);
        }
    }

    /**
     * Counts a redemption of {@code code} by an order that used it after its cart had let it go (the customer
     * dropped the code between placing the order and the cart's checkout); joins the caller's transaction.
     *
     * @return false (nothing counted) if the code is unknown or its limit is reached
     */
    @Transactional
    public boolean redeemForOrder(String code) {
        return promotions.findByCode(code).map(promotion -> promotions.claim(promotion.id()) == 1).orElse(false);
    }

    /** Counts one cart fewer holding {@code code}; joins the cart's transaction. */
    @Transactional
    public void giveBack(String code) {
        promotions.giveBack(code);
    }

    Instant now() {
        return clock.instant();
    }

    private static void requireWrite(Caller caller) {
        if (!caller.hasScope(Scopes.PROMOTIONS_WRITE)) {
            throw new NotAllowedException();
        }
    }
}
