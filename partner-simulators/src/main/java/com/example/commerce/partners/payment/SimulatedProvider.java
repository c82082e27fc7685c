package com.example.commerce.partners.payment;

import com.example.commerce.partners.payment.ProviderApi.CardRequest;
import com.example.commerce.partners.payment.ProviderApi.Intent;
import com.example.commerce.partners.payment.ProviderApi.IntentRequest;
import com.example.commerce.partners.payment.ProviderApi.LedgerEntry;
import com.example.commerce.partners.payment.ProviderApi.TokenResponse;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * The provider's books, in memory: card tokens, payment intents, the idempotency keys it has seen and its
 * ledger of every operation performed. One lock guards them all (a simulator, not a bank).
 *
 * <p>An idempotency key names one operation: asked again with the same request it answers what it answered
 * the first time and performs nothing; asked with another request it refuses (422).
 */
@Component
class SimulatedProvider {

    private static final Pattern DIGITS = Pattern.compile("[0-9]{12,19}");
    private static final Pattern CVC = Pattern.compile("[0-9]{3,4}");
    private static final Pattern CURRENCY = Pattern.compile("[A-Z]{3}");

    /** A tokenised card; the number itself is kept only to know whether it always declines. */
    private record Card(String brand, String last4, int expiryMonth, int expiryYear, boolean alwaysDeclines) {
    }

    private static final class IntentState {
        final String id;
        final String reference;
        final long amount;
        final String currency;
        final String callbackUrl;
        final Instant createdAt;
        String status;
        String declineReason;
        long captured;
        long refunded;
        Instant updatedAt;

        IntentState(String id, String reference, long amount, String currency, String callbackUrl, Instant now) {
            this.id = id;
            this.reference = reference;
            this.amount = amount;
            this.currency = currency;
            this.callbackUrl = callbackUrl;
            this.createdAt = now;
            this.updatedAt = now;
        }

        Intent view() {
            return new Intent(id, status, declineReason, amount, currency, reference, captured, refunded, createdAt,
                    updatedAt);
        }
    }

    private record Keyed(String fingerprint, String intentId, Intent answer) {
    }

    /** What an operation did: the intent after it, whether it was a replay, and the webhook type if fresh. */
    record Outcome(Intent intent, boolean replay, String webhookType, String callbackUrl) {
    }

    private final Object lock = new Object();
    private final Map<String, Card> tokens = new HashMap<>();
    private final Map<String, IntentState> intents = new HashMap<>();
    private final Map<String, Keyed> keys = new HashMap<>();
    private final List<LedgerEntry> ledger = new ArrayList<>();
    private final SecureRandom random = new SecureRandom();
    private final Clock clock;
    private final ProviderKnobs knobs;

    SimulatedProvider(ProviderKnobs knobs) {
        this.knobs = knobs;
        this.clock = Clock.systemUTC();
    }

    TokenResponse tokenise(CardRequest card) {
        String number = card.cardNumber() == null ? "" : card.cardNumber().replace(" ", "");
        if (!DIGITS.matcher(number).matches() || !luhn(number)) {
            throw new ProviderFailure(HttpStatus.BAD_REQUEST, "invalid_number", "the card number is not valid");
        }
        if (card.expiryMonth() == null || card.expiryYear() == null || card.expiryMonth() < 1 || card.expiryMonth() > 12) {
            throw new ProviderFailure(HttpStatus.BAD_REQUEST, "invalid_expiry", "the expiry date is not valid");
        }
        if (YearMonth.of(card.expiryYear(), card.expiryMonth()).isBefore(YearMonth.now(clock.withZone(ZoneOffset.UTC)))) {
            throw new ProviderFailure(HttpStatus.BAD_REQUEST, "expired_card", "the card has expired");
        }
        if (card.cvc() == null || !CVC.matcher(card.cvc()).matches()) {
            throw new ProviderFailure(HttpStatus.BAD_REQUEST, "invalid_cvc", "the CVC is not valid");
        }
        String token = "tok_" + hex(12);
        Card stored = new Card(brandOf(number), number.substring(number.length() - 4), card.expiryMonth(),
                card.expiryYear(), number.endsWith("0002"));
        synchronized (lock) {
            tokens.put(token, stored);
        }
        return new TokenResponse(token, stored.brand, stored.last4, stored.expiryMonth, stored.expiryYear);
    }

    Outcome authorise(String key, IntentRequest request) {
        requireKey(key);
        if (request.amountMinor() == null || request.amountMinor() <= 0) {
            throw new ProviderFailure(HttpStatus.BAD_REQUEST, "invalid_amount", "amountMinor must be positive");
        }
        if (request.currency() == null || !CURRENCY.matcher(request.currency()).matches()) {
            throw new ProviderFailure(HttpStatus.BAD_REQUEST, "invalid_currency", "currency must be ISO 4217");
        }
        if (request.reference() == null || request.reference().isBlank()) {
            throw new ProviderFailure(HttpStatus.BAD_REQUEST, "invalid_reference", "reference is required");
        }
        String fingerprint = "authorise|" + request.amountMinor() + "|" + request.currency() + "|" + request.token()
                + "|" + request.reference();
        synchronized (lock) {
            Optional<Outcome> replay = replay(key, fingerprint);
            if (replay.isPresent()) {
                return replay.get();
            }
            Card card = tokens.get(request.token());
            if (card == null) {
                throw new ProviderFailure(HttpStatus.BAD_REQUEST, "unknown_token", "no such card token");
            }
            Instant now = clock.instant();
            IntentState intent = new IntentState("pi_" + hex(12), request.reference(), request.amountMinor(),
                    request.currency(), request.callbackUrl(), now);
            boolean declined = card.alwaysDeclines || ThreadLocalRandom.current().nextDouble() < knobs.get().declineRate();
            intent.status = declined ? "DECLINED" : "AUTHORIZED";
            intent.declineReason = declined ? (card.alwaysDeclines ? "card_declined" : "do_not_honor") : null;
            intents.put(intent.id, intent);
            record(intent, declined ? "DECLINE" : "AUTHORIZATION", intent.amount, key, now);
            return keep(key, fingerprint, intent, declined ? "payment_intent.declined" : "payment_intent.authorized");
        }
    }

    Outcome capture(String key, String intentId, Long amountMinor) {
        requireKey(key);
        synchronized (lock) {
            Optional<Outcome> replay = replay(key, "capture|" + intentId + "|" + amountMinor);
            if (replay.isPresent()) {
                return replay.get();
            }
            IntentState intent = intent(intentId);
            long amount = amountMinor == null ? intent.amount : amountMinor;
            switch (intent.status) {
                case "AUTHORIZED" -> {
                }
                case "CAPTURED", "PARTIALLY_REFUNDED", "REFUNDED" -> throw refused("already_captured", intent);
                case "VOIDED" -> throw refused("intent_voided", intent);
                default -> throw refused("intent_declined", intent);
            }
            if (amount <= 0 || amount > intent.amount) {
                throw new ProviderFailure(HttpStatus.UNPROCESSABLE_CONTENT, "invalid_amount",
                        "a capture must be within 1.." + intent.amount);
            }
            Instant now = clock.instant();
            intent.status = "CAPTURED";
            intent.captured = amount;
            intent.updatedAt = now;
            record(intent, "CAPTURE", amount, key, now);
            return keep(key, "capture|" + intentId + "|" + amountMinor, intent, "payment_intent.captured");
        }
    }

    Outcome voidIntent(String key, String intentId) {
        requireKey(key);
        synchronized (lock) {
            Optional<Outcome> replay = replay(key, "void|" + intentId);
            if (replay.isPresent()) {
                return replay.get();
            }
            IntentState intent = intent(intentId);
            switch (intent.status) {
                case "AUTHORIZED" -> {
                }
                case "VOIDED" -> throw refused("already_voided", intent);
                case "DECLINED" -> throw refused("intent_declined", intent);
                default -> throw refused("intent_captured", intent);
            }
            Instant now = clock.instant();
            intent.status = "VOIDED";
            intent.updatedAt = now;
            record(intent, "VOID", intent.amount, key, now);
            return keep(key, "void|" + intentId, intent, "payment_intent.voided");
        }
    }

    Outcome refund(String key, String intentId, Long amountMinor) {
        requireKey(key);
        String fingerprint = "refund|" + intentId + "|" + amountMinor;
        synchronized (lock) {
            Optional<Outcome> replay = replay(key, fingerprint);
            if (replay.isPresent()) {
                return replay.get();
            }
            IntentState intent = intent(intentId);
            if (!intent.status.equals("CAPTURED") && !intent.status.equals("PARTIALLY_REFUNDED")) {
                throw refused(intent.status.equals("REFUNDED") ? "already_refunded" : "intent_not_captured", intent);
            }
            long refundable = intent.captured - intent.refunded;
            if (amountMinor == null || amountMinor <= 0 || amountMinor > refundable) {
                throw new ProviderFailure(HttpStatus.UNPROCESSABLE_CONTENT, "invalid_amount",
                        "a refund must be within 1.." + refundable);
            }
            Instant now = clock.instant();
            intent.refunded += amountMinor;
            intent.status = intent.refunded == intent.captured ? "REFUNDED" : "PARTIALLY_REFUNDED";
            intent.updatedAt = now;
            record(intent, "REFUND", amountMinor, key, now);
            return keep(key, fingerprint, intent, "payment_intent.refunded");
        }
    }

    Optional<Intent> find(String intentId) {
        synchronized (lock) {
            return Optional.ofNullable(intents.get(intentId)).map(IntentState::view);
        }
    }

    /** The intent an idempotency key acted on, as it is now. */
    Optional<Intent> findByIdempotencyKey(String key) {
        synchronized (lock) {
            return Optional.ofNullable(keys.get(key)).map(keyed -> intents.get(keyed.intentId)).map(IntentState::view);
        }
    }

    List<LedgerEntry> ledger(String reference) {
        synchronized (lock) {
            return ledger.stream().filter(entry -> reference == null || reference.equals(entry.reference())).toList();
        }
    }

    /** Forgets every intent, key and ledger entry (tokens stay, as saved cards would). */
    void clearBooks() {
        synchronized (lock) {
            intents.clear();
            keys.clear();
            ledger.clear();
        }
    }

    private Optional<Outcome> replay(String key, String fingerprint) {
        Keyed seen = keys.get(key);
        if (seen == null) {
            return Optional.empty();
        }
        if (!seen.fingerprint.equals(fingerprint)) {
            throw new ProviderFailure(HttpStatus.UNPROCESSABLE_CONTENT, "idempotency_key_reused",
                    "this idempotency key was used with another request");
        }
        return Optional.of(new Outcome(seen.answer, true, null, null));
    }

    private Outcome keep(String key, String fingerprint, IntentState intent, String webhookType) {
        Intent answer = intent.view();
        keys.put(key, new Keyed(fingerprint, intent.id, answer));
        return new Outcome(answer, false, webhookType, intent.callbackUrl);
    }

    private void record(IntentState intent, String kind, long amount, String key, Instant at) {
        ledger.add(new LedgerEntry(intent.id, intent.reference, kind, amount, intent.currency, key, at));
    }

    private IntentState intent(String intentId) {
        IntentState intent = intents.get(intentId);
        if (intent == null) {
            throw new ProviderFailure(HttpStatus.NOT_FOUND, "no_such_intent", "no payment intent " + intentId);
        }
        return intent;
    }

    private static ProviderFailure refused(String code, IntentState intent) {
        return new ProviderFailure(HttpStatus.CONFLICT, code, "the intent is " + intent.status);
    }

    private static void requireKey(String key) {
        if (key == null || key.isBlank() || key.length() > 255) {
            throw new ProviderFailure(HttpStatus.BAD_REQUEST, "idempotency_key_required",
                    "send an Idempotency-Key header of at most 255 characters");
        }
    }

    private String hex(int bytes) {
        byte[] value = new byte[bytes];
        random.nextBytes(value);
        return HexFormat.of().formatHex(value);
    }

    static boolean luhn(String digits) {
        int sum = 0;
        boolean twice = false;
        for (int i = digits.length() - 1; i >= 0; i--) {
            int digit = digits.charAt(i) - '0';
            if (twice) {
                digit *= 2;
                if (digit > 9) {
                    digit -= 9;
                }
            }
            sum += digit;
            twice = !twice;
        }
        return sum % 10 == 0;
    }

    private static String brandOf(String number) {
        if (number.startsWith("4")) {
            return "VISA";
        }
        if (number.startsWith("34") || number.startsWith("37")) {
            return "AMEX";
        }
        int two = Integer.parseInt(number.substring(0, 2));
        int four = Integer.parseInt(number.substring(0, 4));
        if ((two >= 51 && two <= 55) || (four >= 2221 && four <= 2720)) {
            return "MASTERCARD";
        }
        return "UNKNOWN";
    }
}
