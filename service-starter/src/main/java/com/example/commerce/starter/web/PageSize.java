package com.example.commerce.starter.web;

import jakarta.validation.Constraint;
import jakarta.validation.Payload;
import jakarta.validation.ReportAsSingleViolation;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The fleet's one bound on a page size: 1..{@value #MAX}. On a request parameter,
 * {@code @RequestParam(defaultValue = PageSize.DEFAULT) @PageSize int size}; a size outside it is a 400
 * {@code urn:commerce:problem:validation-failed} problem naming the parameter, and nothing is read.
 */
@Documented
@Constraint(validatedBy = {})
@ReportAsSingleViolation
@Min(1)
@Max(PageSize.MAX)
@Target({ElementType.PARAMETER, ElementType.FIELD, ElementType.RECORD_COMPONENT})
@Retention(RetentionPolicy.RUNTIME)
public @interface PageSize {

    /** The largest page any endpoint returns. */
    int MAX = 100;

    /** The page size when a request names none. */
    String DEFAULT = "20";

    String message() default "must be between 1 and " + MAX;

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};
}
