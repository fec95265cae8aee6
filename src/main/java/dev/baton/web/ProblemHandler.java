package dev.baton.web;

import dev.baton.claude.FailureType;
import jakarta.validation.ConstraintViolationException;
import java.util.List;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.MessageSourceResolvable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.validation.method.ParameterValidationResult;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import org.springframework.web.servlet.resource.NoResourceFoundException;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.InputCoercionException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.ObjectMapper;

/**
 * The one place where exceptions become RFC 9457 problem details. Every 4xx names the field or id involved;
 * anything unexpected becomes a 500 whose body says nothing about internals.
 */
@RestControllerAdvice
class ProblemHandler extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemHandler.class);

    private final JsonErrors jsonErrors;

    ProblemHandler(ObjectMapper json) {
        this.jsonErrors = new JsonErrors(json);
    }

    @ExceptionHandler(NotFoundException.class)
    ProblemDetail notFound(NotFoundException e) {
        return problem(FailureType.NOT_FOUND.httpStatus(), e.getMessage());
    }

    @ExceptionHandler(ConflictException.class)
    ProblemDetail conflict(ConflictException e) {
        ProblemDetail problem = problem(FailureType.CONFLICT.httpStatus(), e.getMessage());
        e.properties().forEach(problem::setProperty);
        return problem;
    }

    @ExceptionHandler(InvalidFieldException.class)
    ProblemDetail invalidField(InvalidFieldException e) {
        return withErrors(problem(HttpStatus.BAD_REQUEST, e.getMessage()), List.of(new FieldError(e.field(), e.reason())));
    }

    @ExceptionHandler(RetryLaterException.class)
    ResponseEntity<ProblemDetail> retryLater(RetryLaterException e) {
        HttpStatus status = e.failure().httpStatus();
        return ResponseEntity.status(status)
                .header(HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, e.retryAfter().toSeconds())))
                .body(problem(status, e.getMessage()));
    }

    @ExceptionHandler(ServiceUnavailableException.class)
    ProblemDetail serviceUnavailable(ServiceUnavailableException e) {
        ProblemDetail problem = problem(e.failure().httpStatus(), e.getMessage());
        problem.setProperty("code", e.failure().code());
        return problem;
    }

    /** Constraints checked outside Spring MVC's own validation (service-level {@code @Validated} beans). */
    @ExceptionHandler(ConstraintViolationException.class)
    ProblemDetail constraintViolation(ConstraintViolationException e) {
        List<FieldError> errors = e.getConstraintViolations().stream()
                .map(v -> new FieldError(leaf(v.getPropertyPath().toString()), v.getMessage()))
                .toList();
        return withErrors(problem(HttpStatus.BAD_REQUEST, summary(errors)), errors);
    }

    private static String leaf(String path) {
        return path.substring(path.lastIndexOf('.') + 1);
    }

    @ExceptionHandler(AccessDeniedException.class)
    ProblemDetail accessDenied(AccessDeniedException e) {
        return problem(HttpStatus.FORBIDDEN, "This operation needs the admin role");
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ProblemDetail typeMismatch(MethodArgumentTypeMismatchException e) {
        String expected = e.getRequiredType() == null ? "a valid value" : "a valid " + e.getRequiredType().getSimpleName();
        String message = "'" + e.getValue() + "' is not " + expected;
        return withErrors(problem(HttpStatus.BAD_REQUEST, e.getName() + ": " + message),
                List.of(new FieldError(e.getName(), message)));
    }

    @ExceptionHandler(Exception.class)
    ProblemDetail unexpected(Exception e) {
        log.error("Unhandled error", e);
        return problem(HttpStatus.INTERNAL_SERVER_ERROR, "An unexpected error occurred; it has been logged.");
    }

    /** Spring's own sentence would say "No static resource api/v1/nope.", which is about its internals. */
    @Override
    protected ResponseEntity<Object> handleNoResourceFoundException(NoResourceFoundException ex, HttpHeaders headers,
            HttpStatusCode status, WebRequest request) {
        return ResponseEntity.status(HttpStatus.NOT_FOUND).body(problem(HttpStatus.NOT_FOUND, "No endpoint answers "
                + ex.getHttpMethod() + " at this path; the API's endpoints are listed at /v3/api-docs and "
                + "/swagger-ui.html."));
    }

    @Override
    protected ResponseEntity<Object> handleHttpRequestMethodNotSupported(HttpRequestMethodNotSupportedException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        String allowed = ex.getSupportedHttpMethods() == null ? "another method"
                : ex.getSupportedHttpMethods().stream().map(HttpMethod::name).sorted()
                        .collect(Collectors.joining(", "));
        return ResponseEntity.status(status).headers(headers).body(problem(status,
                ex.getMethod() + " is not allowed on this path; use " + allowed + "."));
    }

    @Override
    protected ResponseEntity<Object> handleHttpMediaTypeNotSupported(HttpMediaTypeNotSupportedException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        String given = ex.getContentType() == null ? "none" : ex.getContentType().getType() + "/"
                + ex.getContentType().getSubtype();
        return ResponseEntity.status(status).headers(headers).body(problem(status,
                "Content-Type " + given + " is not accepted here; send the body as application/json."));
    }

    @Override
    protected ResponseEntity<Object> handleHttpMediaTypeNotAcceptable(HttpMediaTypeNotAcceptableException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        return ResponseEntity.status(status).headers(headers).body(problem(status,
                "This endpoint answers application/json (and errors as application/problem+json); accept one of them."));
    }

    @Override
    protected ResponseEntity<Object> handleMissingServletRequestParameter(MissingServletRequestParameterException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        String name = ex.getParameterName();
        return ResponseEntity.badRequest().body(withErrors(problem(HttpStatus.BAD_REQUEST, name + ": is required"),
                List.of(new FieldError(name, "is required"))));
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<FieldError> errors = ex.getBindingResult().getFieldErrors().stream()
                .map(f -> new FieldError(f.getField(), f.getDefaultMessage()))
                .toList();
        return ResponseEntity.badRequest().body(withErrors(problem(HttpStatus.BAD_REQUEST, summary(errors)), errors));
    }

    @Override
    protected ResponseEntity<Object> handleHandlerMethodValidationException(HandlerMethodValidationException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<FieldError> errors = ex.getParameterValidationResults().stream()
                .flatMap(r -> r.getResolvableErrors().stream()
                        .map(err -> new FieldError(field(r, err), err.getDefaultMessage())))
                .toList();
        return ResponseEntity.badRequest().body(withErrors(problem(HttpStatus.BAD_REQUEST, summary(errors)), errors));
    }

    /**
     * The name a client knows the failed value by: the JSON path inside a body (a controller with other
     * constraints validates its {@code @Valid} body here too), or the header's name rather than the Java
     * parameter's.
     */
    private static String field(ParameterValidationResult result, MessageSourceResolvable error) {
        if (error instanceof org.springframework.validation.FieldError inBody) {
            return inBody.getField();
        }
        RequestHeader header = result.getMethodParameter().getParameterAnnotation(RequestHeader.class);
        if (header != null && !header.name().isEmpty()) {
            return header.name();
        }
        return result.getMethodParameter().getParameterName();
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        FieldError error = describe(ex);
        ProblemDetail body = problem(HttpStatus.BAD_REQUEST, error.field() == null
                ? error.message() : error.field() + ": " + error.message());
        return ResponseEntity.badRequest().body(error.field() == null ? body : withErrors(body, List.of(error)));
    }

    /** Turns Jackson's view of a bad body into the JSON path of the field and a plain sentence. */
    FieldError describe(HttpMessageNotReadableException ex) {
        Throwable cause = ex.getCause();
        if (cause instanceof InputCoercionException tooLarge && !tooLarge.getPath().isEmpty()) {
            return new FieldError(path(tooLarge), jsonErrors.reason(tooLarge));
        }
        if (cause instanceof StreamReadException) {
            return new FieldError(null, "Malformed JSON request body");
        }
        if (!(cause instanceof JacksonException jackson)) {
            return new FieldError(null, "Request body is missing or unreadable");
        }
        String field = path(jackson);
        if (field.isEmpty()) {
            return new FieldError(null, "Request body must be a JSON object");
        }
        return new FieldError(field, jsonErrors.reason(jackson));
    }

    private static String path(JacksonException jackson) {
        return jackson.getPath().stream()
                .map(r -> r.getPropertyName() != null ? r.getPropertyName() : "[" + r.getIndex() + "]")
                .collect(Collectors.joining(".")).replace(".[", "[");
    }

    private static String summary(List<FieldError> errors) {
        return errors.stream().map(e -> e.field() + ": " + e.message()).collect(Collectors.joining("; "));
    }

    static ProblemDetail problem(HttpStatusCode status, String detail) {
        return ProblemResponses.problem(status, detail);
    }

    private static ProblemDetail withErrors(ProblemDetail problem, List<FieldError> errors) {
        problem.setProperty("errors", errors);
        return problem;
    }
}
