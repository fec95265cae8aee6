package dev.baton.temporalui;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.MessageOrBuilder;
import com.google.protobuf.Timestamp;
import com.google.protobuf.Value;
import com.google.protobuf.util.JsonFormat;
import java.time.Instant;

/** Temporal's HTTP mapping of its protobuf messages, which is what the Temporal Web UI reads and sends. */
final class ProtoJson {

    private static final JsonFormat.Printer PRINTER = JsonFormat.printer().omittingInsignificantWhitespace();
    private static final JsonFormat.Parser PARSER = JsonFormat.parser().ignoringUnknownFields();

    private ProtoJson() {
    }

    static String print(MessageOrBuilder message) {
        try {
            return PRINTER.print(message);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("cannot print " + message.getClass().getSimpleName() + " as JSON", e);
        }
    }

    static Timestamp timestamp(Instant instant) {
        return Timestamp.newBuilder().setSeconds(instant.getEpochSecond()).setNanos(instant.getNano()).build();
    }

    /** {@code text} as a JSON string literal. */
    static String string(String text) {
        return print(Value.newBuilder().setStringValue(text));
    }

    /** Merges a request body into {@code builder}; an empty body leaves it as it is. */
    static <B extends Message.Builder> B merge(String json, B builder) {
        if (json == null || json.isBlank()) {
            return builder;
        }
        try {
            PARSER.merge(json, builder);
            return builder;
        } catch (InvalidProtocolBufferException | RuntimeException e) {
            throw UiFailure.badRequest("The request body is not a valid "
                    + builder.getDescriptorForType().getName() + ": " + e.getMessage());
        }
    }
}
