package dev.baton.temporalui;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;

/**
 * A refused or failed UI request: an HTTP status, and the gRPC code the Temporal UI expects beside the message.
 */
final class UiFailure extends RuntimeException {

    private final int status;
    private final Status.Code code;

    UiFailure(int status, Status.Code code, String message) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
    }

    static UiFailure notFound(String message) {
        return new UiFailure(404, Status.Code.NOT_FOUND, message);
    }

    static UiFailure badRequest(String message) {
        return new UiFailure(400, Status.Code.INVALID_ARGUMENT, message);
    }

    /** What the embedded server answered, as the HTTP status grpc-gateway would give it. */
    static UiFailure of(StatusRuntimeException e) {
        Status.Code code = e.getStatus().getCode();
        int status = switch (code) {
            case INVALID_ARGUMENT, FAILED_PRECONDITION, OUT_OF_RANGE -> 400;
            case UNAUTHENTICATED -> 401;
            case PERMISSION_DENIED -> 403;
            case NOT_FOUND -> 404;
            case ALREADY_EXISTS, ABORTED -> 409;
            case RESOURCE_EXHAUSTED -> 429;
            case UNIMPLEMENTED -> 501;
            case UNAVAILABLE -> 503;
            case DEADLINE_EXCEEDED -> 504;
            default -> 500;
        };
        String description = e.getStatus().getDescription();
        return new UiFailure(status, code, description == null ? code.name() : description);
    }

    int status() {
        return status;
    }

    Status.Code code() {
        return code;
    }
}
