package dev.signet.web;

/** One problem with one field of a request, named by its JSON path (e.g. {@code recipients[0].email}). */
public record FieldError(String field, String message) {}
