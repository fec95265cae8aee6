package dev.baton.web;

/**
 * One named request field has a bad value; becomes a 400 that names the field. The field and the reason are kept
 * apart, so that a caller that names the field in its own way (a workflow file, a wrapping field) needs no parsing.
 */
public class InvalidFieldException extends RuntimeException {

    private final String field;
    private final String reason;

    /** @param reason what is wrong with the value, without the field's name: {@code "must not be blank"} */
    public InvalidFieldException(String field, String reason) {
        super(field + ": " + reason);
        this.field = field;
        this.reason = reason;
    }

    public String field() {
        return field;
    }

    public String reason() {
        return reason;
    }
}
