package com.example.commerce.catalog.product;

import com.example.commerce.starter.ProblemTypes;
import java.net.URI;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** The problems the product API answers with, each with a stable type. */
final class ProductProblems {

    static final URI DUPLICATE_SKU = ProblemTypes.of("duplicate-sku");
    static final URI PRODUCT_NOT_FOUND = ProblemTypes.of("product-not-found");

    private ProductProblems() {
    }

    static ErrorResponseException duplicateSku(String sku) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT,
                "A product with SKU " + sku + " exists already.");
        problem.setType(DUPLICATE_SKU);
        problem.setTitle("Duplicate SKU");
        problem.setProperty("sku", sku);
        return new ErrorResponseException(HttpStatus.CONFLICT, problem, null);
    }

    static ErrorResponseException notFound(String sku) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, "No product has SKU " + sku + ".");
        problem.setType(PRODUCT_NOT_FOUND);
        problem.setTitle("Product not found");
        problem.setProperty("sku", sku);
        return new ErrorResponseException(HttpStatus.NOT_FOUND, problem, null);
    }
}
