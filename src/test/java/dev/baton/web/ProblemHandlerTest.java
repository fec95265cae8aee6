package dev.baton.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.annotation.JsonValue;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpInputMessage;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.mock.http.MockHttpInputMessage;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/** How a body Jackson refused is described, without an application context. */
class ProblemHandlerTest {

    private final JsonMapper json = JsonMapper.builder().build();
    private final ProblemHandler handler = new ProblemHandler(json);

    enum Colour {
        RED("red"), DARK_BLUE("dark-blue");

        private final String spelling;

        Colour(String spelling) {
            this.spelling = spelling;
        }

        @JsonValue
        String spelling() {
            return spelling;
        }
    }

    record Body(Colour colour, int maxTurns) {
    }

    private FieldError describe(String body) {
        JacksonException refused = catchThrowableOfType(JacksonException.class, () -> json.readValue(body, Body.class));
        HttpInputMessage input = new MockHttpInputMessage(body.getBytes());
        return handler.describe(new HttpMessageNotReadableException(refused.getOriginalMessage(), refused, input));
    }

    @Test
    void anEnumOfTheWrongTypeListsTheConstantsAsClientsSpellThem() {
        FieldError error = describe("{\"colour\": \"green\"}");

        assertThat(error.field()).isEqualTo("colour");
        assertThat(error.message()).isEqualTo("'green' is not a valid value; expected one of [red, dark-blue]");
    }

    @Test
    void aWrongTypeNamesTheExpectedOne() {
        FieldError error = describe("{\"maxTurns\": \"ten\"}");

        assertThat(error.field()).isEqualTo("maxTurns");
        assertThat(error.message()).isEqualTo("'ten' is not a valid number");
    }
}
