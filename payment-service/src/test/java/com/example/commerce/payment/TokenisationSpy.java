package com.example.commerce.payment;

import com.example.commerce.events.shared.Money;
import com.example.commerce.payment.provider.CardDetails;
import com.example.commerce.payment.provider.CardRejectedException;
import com.example.commerce.payment.provider.CardToken;
import com.example.commerce.payment.provider.PaymentProvider;
import com.example.commerce.payment.provider.ProviderResult;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.beans.factory.config.BeanPostProcessor;

/**
 * Wraps the service's real provider adapter: counts the cards sent to the provider's tokeniser and, when a test
 * asks, has the provider decline them with a code of its own, as a real provider does (the simulator checks only
 * what the wallet checks before, so it never declines one). Everything else goes to the real adapter unchanged.
 * Installed in every test context of this module by {@link ProviderSimulatorContextCustomizerFactory}, so that they
 * stay one context.
 */
public final class TokenisationSpy {

    private static final AtomicInteger TOKENISATIONS = new AtomicInteger();
    private static volatile String declineCode;

    /** How many cards were sent to the provider's tokeniser so far (a baseline for a count). */
    public static int tokenisations() {
        return TOKENISATIONS.get();
    }

    /** From now on every card is declined by the provider with {@code code}; null: back to the real answers. */
    public static void declineWith(String code) {
        declineCode = code;
    }

    private TokenisationSpy() {
    }

    /** Wraps every {@link PaymentProvider} bean of a context in the spy. */
    static BeanPostProcessor wrapper() {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String beanName) {
                return bean instanceof PaymentProvider real && !(bean instanceof Spy) ? new Spy(real) : bean;
            }
        };
    }

    private record Spy(PaymentProvider real) implements PaymentProvider {

        @Override
        public CardToken tokenise(CardDetails card) {
            TOKENISATIONS.incrementAndGet();
            String code = declineCode;
            if (code != null) {
                throw new CardRejectedException(code);
            }
            return real.tokenise(card);
        }

        @Override
        public ProviderResult authorise(String key, String token, Money amount, String reference, String callbackUrl,
                                        SendGuard guard) {
            return real.authorise(key, token, amount, reference, callbackUrl, guard);
        }

        @Override
        public ProviderResult capture(String key, String reference, Money amount) {
            return real.capture(key, reference, amount);
        }

        @Override
        public ProviderResult voidAuthorisation(String key, String reference) {
            return real.voidAuthorisation(key, reference);
        }

        @Override
        public ProviderResult refund(String key, String reference, Money amount) {
            return real.refund(key, reference, amount);
        }

        @Override
        public ProviderResult lookup(String key) {
            return real.lookup(key);
        }
    }
}
