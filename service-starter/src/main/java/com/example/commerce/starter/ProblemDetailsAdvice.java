package com.example.commerce.starter;

import jakarta.validation.ConstraintViolationException;
import java.net.URI;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import com.example.commerce.starter.web.RequestBodyLimitFilter;
import com.example.commerce.starter.web.RequestBodyTooLargeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.TypeMismatchException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.lang.Nullable;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.DatabindException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

/**
 * Turns every error into an RFC 9457 problem detail with a stable {@code type}: Spring MVC's own
 * exceptions, bean-validation failures and mistyped parameters (with one entry per invalid field), and
 * anything unexpected (a 500 that says nothing about the internals, logged with its stack trace).
 */
@RestControllerAdvice
public class ProblemDetailsAdvice extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemDetailsAdvice.class);

    /** One invalid input: where it is and what is wrong with it. */
    public record InvalidParam(String name, String reason) {
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<InvalidParam> invalid = ex.getBindingResult().getFieldErrors().stream()
                .map(error -> new InvalidParam(error.getField(), error.getDefaultMessage()))
                .sorted(Comparator.comparing(InvalidParam::name))
                .toList();
        ProblemDetail problem = validationProblem(invalid);
        return handleExceptionInternal(ex, problem, headers, HttpStatus.BAD_REQUEST, request);
    }

    @Override
    protected ResponseEntity<Object> handleHandlerMethodValidationException(HandlerMethodValidationException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<InvalidParam> invalid = ex.getParameterValidationResults().stream()
                .flatMap(result -> result.getResolvableErrors().stream()
                        .map(error -> new InvalidParam(result.getMethodParameter().getParameterName(),
                                error.getDefaultMessage())))
                .sorted(Comparator.comparing(InvalidParam::name))
                .toList();
        return handleExceptionInternal(ex, validationProblem(invalid), headers, HttpStatus.BAD_REQUEST, request);
    }

    /**
     * A query parameter or path variable of the wrong form (not a UUID, not a number, not one of an enum's
     * values) is invalid input like any other, named in {@code invalidParams}.
     */
    @Override
    protected ResponseEntity<Object> handleTypeMismatch(TypeMismatchException ex, HttpHeaders headers,
            HttpStatusCode status, WebRequest request) {
        String name = ex instanceof MethodArgumentTypeMismatchException mismatch ? mismatch.getName() : ex.getPropertyName();
        Class<?> required = ex.getRequiredType();
        String reason = required == null ? "has the wrong form"
                : required.isEnum() ? "must be one of " + Arrays.toString(required.getEnumConstants())
                : "must be a valid " + required.getSimpleName();
        return handleExceptionInternal(ex, validationProblem(List.of(new InvalidParam(name, reason))), headers,
                HttpStatus.BAD_REQUEST, request);
    }

    /**
     * A body that grew past its bound while a converter read it (chunked, see {@code RequestBodyLimitFilter}) is a
     * 413 {@code urn:commerce:problem:payload-too-large}, not a malformed request; any other unreadable body is a
     * 400 {@code malformed-request} whose detail says what could not be read (an unknown field by name).
     */
    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        RequestBodyTooLargeException tooLarge = RequestBodyTooLargeException.in(ex);
        if (tooLarge != null) {
            ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONTENT_TOO_LARGE,
                    RequestBodyLimitFilter.detail(tooLarge.maxBytes()));
            problem.setType(ProblemTypes.PAYLOAD_TOO_LARGE);
            problem.setTitle("Payload too large");
            problem.setProperty("maxBytes", tooLarge.maxBytes());
            HttpHeaders close = new HttpHeaders();
            close.set(HttpHeaders.CONNECTION, "close");
            return handleExceptionInternal(ex, problem, close, HttpStatus.CONTENT_TOO_LARGE, request);
        }
        DatabindException databind = causeOf(ex, DatabindException.class);
        if (databind != null && !databind.getPath().isEmpty()) {
            String field = fieldOf(databind);
            String reason = databind instanceof UnrecognizedPropertyException ? "is not a field of this request"
                    : "has the wrong form";
            ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
                    "The body's field '" + field + "' " + reason + ".");
            problem.setType(ProblemTypes.MALFORMED_REQUEST);
            problem.setTitle("Malformed request");
            problem.setProperty("invalidParams", List.of(new InvalidParam(field, reason)));
            return handleExceptionInternal(ex, problem, headers, HttpStatus.BAD_REQUEST, request);
        }
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
                causeOf(ex, StreamReadException.class) != null ? "The body is not valid JSON." : "The body could not be read.");
        problem.setType(ProblemTypes.MALFORMED_REQUEST);
        problem.setTitle("Malformed request");
        return handleExceptionInternal(ex, problem, headers, HttpStatus.BAD_REQUEST, request);
    }

    /** The JSON path of the field, {@code lines[2].sku}. */
    private static String fieldOf(DatabindException databind) {
        StringBuilder path = new StringBuilder();
        for (JacksonException.Reference reference : databind.getPath()) {
            if (reference.getPropertyName() != null) {
                path.append(path.isEmpty() ? "" : ".").append(reference.getPropertyName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    private static <T extends Throwable> T causeOf(Throwable failure, Class<T> type) {
        for (Throwable cause = failure; cause != null && cause.getCause() != cause; cause = cause.getCause()) {
            if (type.isInstance(cause)) {
                return type.cast(cause);
            }
        }
        return null;
    }

    @ExceptionHandler(ConstraintViolationException.class)
    ResponseEntity<Object> handleConstraintViolation(ConstraintViolationException ex, WebRequest request) {
        List<InvalidParam> invalid = ex.getConstraintViolations().stream()
                .map(violation -> new InvalidParam(violation.getPropertyPath().toString(), violation.getMessage()))
                .sorted(Comparator.comparing(InvalidParam::name))
                .toList();
        return handleExceptionInternal(ex, validationProblem(invalid), new HttpHeaders(), HttpStatus.BAD_REQUEST, request);
    }

    /**
     * A method-security refusal ({@code @PreAuthorize}) is the security filter chain's to answer: 401
     * without a token, 403 without the scope, as problem details of their own.
     */
    @ExceptionHandler({AccessDeniedException.class, AuthenticationException.class})
    void leaveToTheSecurityFilterChain(RuntimeException ex) {
        throw ex;
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<Object> handleUnexpected(Exception ex, WebRequest request) {
        log.error("Unhandled error on {}", request.getDescription(false), ex);
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.INTERNAL_SERVER_ERROR,
                "The request could not be completed. It has been logged; try again later.");
        problem.setType(ProblemTypes.INTERNAL_ERROR);
        problem.setTitle("Internal error");
        return handleExceptionInternal(ex, problem, new HttpHeaders(), HttpStatus.INTERNAL_SERVER_ERROR, request);
    }

    /** Gives Spring MVC's own problems (404, 405, 415, malformed JSON ...) a stable type. */
    @Override
    protected ResponseEntity<Object> createResponseEntity(@Nullable Object body, HttpHeaders headers,
            HttpStatusCode statusCode, WebRequest request) {
        if (body instanceof ProblemDetail problem && (problem.getType() == null
                || URI.create("about:blank").equals(problem.getType()))) {
            problem.setType(typeFor(statusCode));
        }
        return super.createResponseEntity(body, headers, statusCode, request);
    }

    private static ProblemDetail validationProblem(List<InvalidParam> invalid) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
                "The request is not valid: " + invalid.size() + " field(s) need attention.");
        problem.setType(ProblemTypes.VALIDATION_FAILED);
        problem.setTitle("Validation failed");
        problem.setProperties(Map.of("invalidParams", invalid));
        return problem;
    }

    private static URI typeFor(HttpStatusCode status) {
        return ProblemTypes.forStatus(status.value());
    }
}
