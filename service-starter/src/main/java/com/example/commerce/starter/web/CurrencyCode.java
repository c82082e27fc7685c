package com.example.commerce.starter.web;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.Currency;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * An ISO 4217 currency code that names money ({@code EUR}, {@code JPY}); three letters alone are not enough
 * ({@code ABC} is refused), nor are the codes for "no currency" ({@code XXX}) and testing ({@code XTS}). Null is
 * left to {@code @NotNull}. A field with it that fails is a 400 {@code urn:commerce:problem:validation-failed}
 * problem naming the field, and nothing changes.
 */
@Documented
@Constraint(validatedBy = CurrencyCode.Validator.class)
@Target({ElementType.PARAMETER, ElementType.FIELD, ElementType.RECORD_COMPONENT})
@Retention(RetentionPolicy.RUNTIME)
public @interface CurrencyCode {

    String message() default "must be an ISO 4217 currency code";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    /** The codes, from the JDK's copy of ISO 4217. */
    Set<String> KNOWN = Currency.getAvailableCurrencies().stream().map(Currency::getCurrencyCode)
            .filter(code -> !code.equals("XXX") && !code.equals("XTS")).collect(Collectors.toUnmodifiableSet());

    class Validator implements ConstraintValidator<CurrencyCode, String> {

        @Override
        public boolean isValid(String value, ConstraintValidatorContext context) {
            return value == null || KNOWN.contains(value);
        }
    }
}
