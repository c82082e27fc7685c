package com.example.commerce.starter;

import java.net.URI;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * Builds the exceptions a controller or application service throws for an expected problem; the starter's
 * {@link ProblemDetailsAdvice} answers them as RFC 9457 problem details with the given stable type.
 */
public final class Problems {

    private Problems() {
    }

    /**
     * @param type       a stable type from {@link ProblemTypes}
     * @param properties extra members of the problem, such as the SKU it is about
     */
    public static ErrorResponseException problem(HttpStatus status, URI type, String title, String detail,
                                                 Map<String, ?> properties) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(type);
        problem.setTitle(title);
        properties.forEach(problem::setProperty);
        return new ErrorResponseException(status, problem, null);
    }
}
