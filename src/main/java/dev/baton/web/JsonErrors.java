package dev.baton.web;

import java.util.Arrays;
import java.util.Collection;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.InputCoercionException;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;
import tools.jackson.databind.exc.ValueInstantiationException;

/**
 * The one owner of the words for a value Jackson refused: a request body's field ({@link ProblemHandler}) and a
 * workflow file's field say the same thing. The sentence leaves out the field's name, which each caller writes in
 * its own way ({@code retry.maxAttempts} in a body, the same plus a line number in a file).
 */
public final class JsonErrors {

    private final ObjectMapper json;

    /** @param json the application's mapper, which spells enum constants as clients send them */
    public JsonErrors(ObjectMapper json) {
        this.json = json;
    }

    /** Why the value was refused: {@code "must be a number"}, {@code "unknown field"}, ... */
    public String reason(JacksonException refused) {
        return switch (refused) {
            case InputCoercionException tooLarge -> "is out of range for " + article(typeName(tooLarge.getTargetType()));
            case UnrecognizedPropertyException u -> "unknown field";
            case ValueInstantiationException v when v.getCause() instanceof IllegalArgumentException bad -> bad.getMessage();
            // Text that cannot be stored (see PlainText): the reason alone, without the text.
            case InvalidFormatException f when f.getTargetType() == String.class -> f.getOriginalMessage();
            case InvalidFormatException f -> "'" + f.getValue() + "' is not a valid " + typeName(f.getTargetType());
            case MismatchedInputException m -> "must be " + article(typeName(m.getTargetType()));
            default -> "has an invalid value";
        };
    }

    /** {@link #reason}, and for an unknown field the fields there are, for readers without the API document. */
    public String reasonListingKnownFields(JacksonException refused) {
        if (refused instanceof UnrecognizedPropertyException unknown) {
            return reason(refused) + "; expected one of "
                    + unknown.getKnownPropertyIds().stream().map(Object::toString).sorted().toList();
        }
        return reason(refused);
    }

    private String typeName(Class<?> type) {
        if (type == null) {
            return "value";
        }
        if (type.isEnum()) {
            return "value; expected one of " + Arrays.stream(type.getEnumConstants()).map(this::jsonName).toList();
        }
        if (Number.class.isAssignableFrom(type) || type.isPrimitive()) {
            return "number";
        }
        if (type == String.class) {
            return "string";
        }
        if (Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "array";
        }
        if (Map.class.isAssignableFrom(type)) {
            return "object";
        }
        return type.getSimpleName();
    }

    /** The spelling clients use for an enum constant: what the application's mapper writes for it. */
    private String jsonName(Object constant) {
        return json.convertValue(constant, String.class);
    }

    private static String article(String noun) {
        return noun.startsWith("value") ? "a valid " + noun : "a " + noun;
    }
}
