package dev.baton.web;

/** A resource the caller asked for does not exist, or belongs to someone else (which we do not reveal). */
public class NotFoundException extends RuntimeException {

    public NotFoundException(String kind, Object id) {
        super(kind + " " + id + " not found");
    }
}
