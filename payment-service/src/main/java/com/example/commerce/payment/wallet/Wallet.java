package com.example.commerce.payment.wallet;

import com.example.commerce.payment.access.Scopes;
import com.example.commerce.payment.crypto.FieldCipher;
import com.example.commerce.payment.provider.CardDetails;
import com.example.commerce.payment.provider.CardRejectedException;
import com.example.commerce.payment.provider.CardToken;
import com.example.commerce.payment.provider.PaymentProvider;
import com.example.commerce.payment.provider.ProviderUnavailableException;
import com.example.commerce.starter.ProblemDetailsAdvice.InvalidParam;
import com.example.commerce.starter.ProblemTypes;
import com.example.commerce.starter.Problems;
import com.example.commerce.starter.outbox.Uuids;
import com.example.commerce.starter.security.Caller;
import com.example.commerce.starter.web.PageResponse;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The customers' saved cards. Saving tokenises the card at the provider (outside any transaction) and keeps
 * only the token (encrypted), brand, last four, expiry and holder name (encrypted).
 */
@Service
public class Wallet {

    private static final Logger log = LoggerFactory.getLogger(Wallet.class);
    private static final Pattern NUMBER = Pattern.compile("[0-9]{12,19}");
    private static final Pattern CVC = Pattern.compile("[0-9]{3,4}");

    private final PaymentMethods methods;
    private final PaymentProvider provider;
    private final FieldCipher cipher;
    private final Clock clock;
    private final SaveLimits limits;
    private final MeterRegistry meters;

    Wallet(PaymentMethods methods, PaymentProvider provider, FieldCipher cipher, Clock clock, SaveLimits limits,
           MeterRegistry meters) {
        this.methods = methods;
        this.limits = limits;
        this.meters = meters;
        this.provider = provider;
        this.cipher = cipher;
        this.clock = clock;
    }

    /**
     * Not transactional: the limits admit the save (and record it) in one transaction, the provider is called
     * outside any, and the card is stored (the limits checked again) in another. A card the provider declines is
     * answered with one generic refusal: the provider's reason goes to the log and a metric, never to the caller,
     * so that a card tester learns nothing from it.
     */
    public PaymentMethodView save(SavePaymentMethodRequest request, Caller caller) {
        UUID customerId = customerOf(caller);
        CardDetails card = validated(request);
        long attempt = limits.admit(customerId);
        CardToken token;
        try {
            token = provider.tokenise(card);
        } catch (CardRejectedException rejected) {
            limits.declined(attempt);
            log.info("The provider declined a card of customer {}: {}", customerId, rejected.code());
            Counter.builder("commerce.payment.wallet.declines").description("Cards the provider declined to tokenise, by its code")
                    .tag("code", tagOf(rejected.code())).register(meters).increment();
            throw Problems.problem(HttpStatus.UNPROCESSABLE_CONTENT, ProblemTypes.of("card-rejected"), "Card rejected",
                    "The card could not be saved.", Map.of());
        } catch (ProviderUnavailableException unavailable) {
            limits.unanswered(attempt);
            throw Problems.problem(HttpStatus.SERVICE_UNAVAILABLE, ProblemTypes.of("provider-unavailable"),
                    "Payment provider unavailable", "The card could not be saved now; try again later.", Map.of());
        } catch (RuntimeException failed) {
            limits.unanswered(attempt);
            throw failed;
        }
        PaymentMethod method = new PaymentMethod(Uuids.v7(), customerId, cipher.encrypt(token.token()), token.brand(),
                token.last4(), token.expiryMonth(), token.expiryYear(), cipher.encrypt(blankToNull(card.holderName())),
                clock.instant());
        limits.store(attempt, method);
        return view(method);
    }

    /**
     * The caller's own cards; with {@code customerId} another customer's, which takes {@code payments:read}
     * (without it, the same empty page as a customer with no cards: nothing is revealed).
     */
    @Transactional(readOnly = true)
    public PageResponse<PaymentMethodView> list(Caller caller, UUID customerId, int page, int size) {
        if (customerId == null) {
            customerId = customerOf(caller);
        } else if (!caller.hasScope(Scopes.PAYMENTS_READ) && !customerId.toString().equals(caller.subject())) {
            return PageResponse.of(List.of(), page, size, 0);
        }
        List<PaymentMethodView> items = methods.ofCustomer(customerId, size, PageResponse.offset(page, size)).stream()
                .map(this::view).toList();
        return PageResponse.of(items, page, size, methods.countOfCustomer(customerId));
    }

    /** The owner's card, or any card for {@code payments:read}; someone else's is the same miss as none. */
    @Transactional(readOnly = true)
    public Optional<PaymentMethodView> find(UUID id, Caller caller) {
        return methods.find(id)
                .filter(method -> caller.hasScope(Scopes.PAYMENTS_READ) || method.customerId().toString().equals(caller.subject()))
                .map(this::view);
    }

    @Transactional
    public boolean delete(UUID id, Caller caller) {
        return methods.delete(id, customerOf(caller), clock.instant());
    }

    /** Whether {@code customerId} may pay with card {@code id}: it exists, is not deleted and is theirs. */
    @Transactional(readOnly = true)
    public boolean usableBy(UUID id, UUID customerId) {
        return id != null && customerId != null && methods.find(id).filter(m -> m.customerId().equals(customerId)).isPresent();
    }

    /** The provider's token of card {@code id}, decrypted for one call; none once the card is deleted. */
    public Optional<String> providerToken(UUID id) {
        return methods.find(id).map(method -> cipher.decrypt(method.encryptedToken()));
    }

    private PaymentMethodView view(PaymentMethod method) {
        return new PaymentMethodView(method.id(), method.brand(), method.last4(), method.expiryMonth(), method.expiryYear(),
                cipher.decrypt(method.encryptedHolderName()), method.createdAt());
    }

    private CardDetails validated(SavePaymentMethodRequest request) {
        List<InvalidParam> invalid = new ArrayList<>();
        String number = request.cardNumber() == null ? "" : request.cardNumber().replace(" ", "");
        if (!NUMBER.matcher(number).matches()) {
            invalid.add(new InvalidParam("cardNumber", "must be 12 to 19 digits"));
        } else if (!luhn(number)) {
            invalid.add(new InvalidParam("cardNumber", "is not a valid card number (check digit)"));
        }
        if (request.expiryMonth() == null || request.expiryMonth() < 1 || request.expiryMonth() > 12) {
            invalid.add(new InvalidParam("expiryMonth", "must be 1 to 12"));
        }
        if (request.expiryYear() == null || request.expiryYear() < 2000 || request.expiryYear() > 2200) {
            invalid.add(new InvalidParam("expiryYear", "must be a four-digit year"));
        }
        if (invalid.stream().noneMatch(p -> p.name().startsWith("expiry"))
                && YearMonth.of(request.expiryYear(), request.expiryMonth()).isBefore(YearMonth.now(clock.withZone(ZoneOffset.UTC)))) {
            invalid.add(new InvalidParam("expiryYear", "the card has expired"));
        }
        if (request.cvc() == null || !CVC.matcher(request.cvc()).matches()) {
            invalid.add(new InvalidParam("cvc", "must be 3 or 4 digits"));
        }
        if (request.holderName() != null && request.holderName().length() > 100) {
            invalid.add(new InvalidParam("holderName", "must be at most 100 characters"));
        }
        if (!invalid.isEmpty()) {
            throw Problems.problem(HttpStatus.BAD_REQUEST, ProblemTypes.VALIDATION_FAILED, "Validation failed",
                    "The request is not valid: " + invalid.size() + " field(s) need attention.",
                    Map.of("invalidParams", invalid));
        }
        return new CardDetails(number, request.expiryMonth(), request.expiryYear(), request.cvc(), request.holderName());
    }

    private static UUID customerOf(Caller caller) {
        try {
            return UUID.fromString(caller.subject());
        } catch (IllegalArgumentException notACustomer) {
            throw Problems.problem(HttpStatus.FORBIDDEN, ProblemTypes.FORBIDDEN, "Customers only",
                    "Only a customer has a wallet.", Map.of());
        }
    }

    /** The provider's code as a metric tag, bounded so that no answer of the provider can grow the registry. */
    private static String tagOf(String code) {
        return code != null && code.matches("[a-z_]{1,40}") ? code : "other";
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    static boolean luhn(String digits) {
        int sum = 0;
        boolean twice = false;
        for (int i = digits.length() - 1; i >= 0; i--) {
            int digit = digits.charAt(i) - '0';
            if (twice) {
                digit = digit * 2 > 9 ? digit * 2 - 9 : digit * 2;
            }
            sum += digit;
            twice = !twice;
        }
        return sum % 10 == 0;
    }
}
