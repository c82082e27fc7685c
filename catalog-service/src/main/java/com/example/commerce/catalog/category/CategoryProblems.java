package com.example.commerce.catalog.category;

import com.example.commerce.starter.ProblemTypes;
import com.example.commerce.starter.Problems;
import java.net.URI;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/** The problems the category API answers with, each with a stable type. */
public final class CategoryProblems {

    public static final URI CATEGORY_NOT_FOUND = ProblemTypes.of("category-not-found");
    public static final URI UNKNOWN_CATEGORY = ProblemTypes.of("unknown-category");
    public static final URI DUPLICATE_CATEGORY = ProblemTypes.of("duplicate-category");
    public static final URI CATEGORY_TOO_DEEP = ProblemTypes.of("category-too-deep");

    private CategoryProblems() {
    }

    static ErrorResponseException notFound(String slug) {
        return Problems.problem(HttpStatus.NOT_FOUND, CATEGORY_NOT_FOUND, "Category not found",
                "No category has slug " + slug + ".", Map.of("slug", slug));
    }

    /** A request body names a category that does not exist: the request cannot be processed as it is. */
    public static ErrorResponseException unknown(String field, String slug) {
        return Problems.problem(HttpStatus.UNPROCESSABLE_CONTENT, UNKNOWN_CATEGORY, "Unknown category",
                "No category has slug " + slug + " (" + field + ").", Map.of("slug", slug, "field", field));
    }

    static ErrorResponseException duplicate(String slug) {
        return Problems.problem(HttpStatus.CONFLICT, DUPLICATE_CATEGORY, "Duplicate category",
                "A category with slug " + slug + " exists already.", Map.of("slug", slug));
    }

    static ErrorResponseException tooDeep(String slug, int maxDepth) {
        return Problems.problem(HttpStatus.UNPROCESSABLE_CONTENT, CATEGORY_TOO_DEEP, "Category too deep",
                "The tree is at most " + maxDepth + " levels deep; " + slug + " would be below that.",
                Map.of("slug", slug, "maxDepth", maxDepth));
    }

    /** A filter names a category that does not exist: the listing it asks for has no address. */
    public static ErrorResponseException unknownFilter(String slug) {
        return notFound(slug);
    }
}
