package dev.baton.web;

import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.core.JsonParser;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.KeyDeserializer;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.deser.jdk.StringDeserializer;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.module.SimpleModule;
import tools.jackson.databind.type.LogicalType;

/**
 * Request bodies must carry the types the API documents. Jackson would otherwise turn {@code 42} into
 * {@code "42"} or {@code "3"} into {@code 3}, so a client's type error would pass unnoticed.
 */
@Configuration(proxyBeanMethods = false)
class StrictJsonConfig {

    /** Every string and map key of a request body must be text Baton can store (see {@link PlainText}). */
    @Bean
    JsonMapperBuilderCustomizer plainTextOnly() {
        SimpleModule module = new SimpleModule("plain-text");
        module.addDeserializer(String.class, new PlainStringDeserializer());
        module.addKeyDeserializer(String.class, new KeyDeserializer() {
            @Override
            public Object deserializeKey(String key, DeserializationContext ctxt) {
                String problem = PlainText.problem(key);
                if (problem != null) {
                    throw InvalidFormatException.from(ctxt.getParser(), problem, key, String.class);
                }
                return key;
            }
        });
        return builder -> builder.addModule(module);
    }

    private static final class PlainStringDeserializer extends StringDeserializer {

        @Override
        public String deserialize(JsonParser p, DeserializationContext ctxt) {
            String value = super.deserialize(p, ctxt);
            String problem = value == null ? null : PlainText.problem(value);
            if (problem != null) {
                // The value itself stays out of the exception: it may be 100 000 characters of prompt.
                throw InvalidFormatException.from(p, problem, "(text)", String.class);
            }
            return value;
        }
    }

    @Bean
    JsonMapperBuilderCustomizer strictScalars() {
        return builder -> builder
                .withCoercionConfig(LogicalType.Textual, c -> c
                        .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
                .withCoercionConfig(LogicalType.Integer, c -> c
                        .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Float, CoercionAction.Fail))
                .withCoercionConfig(LogicalType.Boolean, c -> c
                        .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail));
    }
}
