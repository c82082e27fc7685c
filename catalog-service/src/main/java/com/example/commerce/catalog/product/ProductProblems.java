package com.example.commerce.catalog.product;

import com.example.commerce.starter.ProblemDetailsAdvice;
import com.example.commerce.starter.ProblemTypes;
import com.example.commerce.starter.Problems;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/** The problems the product API answers with, each with a stable type. */
final class ProductProblems {

    static final URI DUPLICATE_SKU = ProblemTypes.of("duplicate-sku");
    static final URI PRODUCT_NOT_FOUND = ProblemTypes.of("product-not-found");
    static final URI PRODUCT_DISCONTINUED = ProblemTypes.of("product-discontinued");
    static final URI PRECONDITION_FAILED = ProblemTypes.of("precondition-failed");
    static final URI PRECONDITION_REQUIRED = ProblemTypes.of("precondition-required");

    private ProductProblems() {
    }

    static ErrorResponseException duplicateSku(String sku) {
        return Problems.problem(HttpStatus.CONFLICT, DUPLICATE_SKU, "Duplicate SKU",
                "A product with SKU " + sku + " exists already.", Map.of("sku", sku));
    }

    static ErrorResponseException skuTwiceInBatch(String sku) {
        return Problems.problem(HttpStatus.BAD_REQUEST, ProblemTypes.VALIDATION_FAILED, "Validation failed",
                "SKU " + sku + " appears more than once in the batch.", Map.of("sku", sku));
    }

    static ErrorResponseException attributesTooLarge(int length, int max) {
        return Problems.problem(HttpStatus.BAD_REQUEST, ProblemTypes.VALIDATION_FAILED, "Validation failed",
                "The request is not valid: 1 field(s) need attention.", Map.of("invalidParams",
                        List.of(new ProblemDetailsAdvice.InvalidParam("attributes",
                                "must be at most " + max + " characters as JSON, not " + length))));
    }

    static ErrorResponseException notFound(String sku) {
        return Problems.problem(HttpStatus.NOT_FOUND, PRODUCT_NOT_FOUND, "Product not found",
                "No product has SKU " + sku + ".", Map.of("sku", sku));
    }

    static ErrorResponseException discontinued(String sku) {
        return Problems.problem(HttpStatus.CONFLICT, PRODUCT_DISCONTINUED, "Product discontinued",
                "Product " + sku + " is discontinued and can no longer be changed.", Map.of("sku", sku));
    }

    /** The caller's If-Match names a version that is no longer current; the answer carries the current ETag. */
    static ErrorResponseException stale(String sku, long currentVersion) {
        ErrorResponseException stale = Problems.problem(HttpStatus.PRECONDITION_FAILED, PRECONDITION_FAILED,
                "Precondition failed", "Product " + sku + " has changed since you read it (now version "
                        + currentVersion + "): read it again and reapply your change.",
                Map.of("sku", sku, "currentVersion", currentVersion));
        stale.getHeaders().setETag(ETags.of(currentVersion));
        return stale;
    }

    static ErrorResponseException preconditionRequired(String sku) {
        return Problems.problem(HttpStatus.PRECONDITION_REQUIRED, PRECONDITION_REQUIRED, "Precondition required",
                "Updating product " + sku + " needs an If-Match header with the ETag you read"
                        + " (or If-Match: * to overwrite whatever is there).", Map.of("sku", sku));
    }
}
