package com.example.commerce.starter.web;

import jakarta.validation.Constraint;
import jakarta.validation.Payload;
import jakarta.validation.ReportAsSingleViolation;
import jakarta.validation.constraints.Min;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A page number: from 0. On a request parameter, {@code @RequestParam(defaultValue = "0") @PageNumber int page};
 * a negative one is a 400 {@code urn:commerce:problem:validation-failed} problem.
 */
@Documented
@Constraint(validatedBy = {})
@ReportAsSingleViolation
@Min(0)
@Target({ElementType.PARAMETER, ElementType.FIELD, ElementType.RECORD_COMPONENT})
@Retention(RetentionPolicy.RUNTIME)
public @interface PageNumber {

    String message() default "must be 0 or more";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};
}
