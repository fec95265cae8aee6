package dev.baton.web;

/** One entry of a problem's {@code errors} list. */
record FieldError(String field, String message) {
}
