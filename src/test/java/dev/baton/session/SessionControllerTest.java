package dev.baton.session;

import static org.hamcrest.Matchers.containsString;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.baton.user.CurrentUser;
import dev.baton.user.Role;
import dev.baton.web.WebSlice;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;

/**
 * The session API's request validation, in a web slice: a bad body is refused with a problem naming the field
 * (in {@code detail} and in {@code errors}) before the service is called. What the service checks itself
 * (working directories, a refused permission mode) stays in {@link SessionBadInputTest}.
 */
@WebMvcTest(SessionController.class)
@AutoConfigureMockMvc(addFilters = false)
@Import(WebSlice.class)
class SessionControllerTest {

    private static final CurrentUser USER = new CurrentUser(UUID.randomUUID(), "alice", Role.USER);

    @Autowired
    private MockMvc mvc;

    @MockitoBean
    private SessionService sessions;

    @AfterEach
    void signOut() {
        WebSlice.signOut();
    }

    static Stream<Arguments> badSessions() {
        return Stream.of(
                Arguments.of("{\"title\":", null),
                Arguments.of("[1,2]", null),
                Arguments.of("{\"title\": {\"a\": 1}}", "title"),
                Arguments.of("{\"maxTurns\": \"many\"}", "maxTurns"),
                Arguments.of("{\"maxTurns\": 0}", "maxTurns"),
                Arguments.of("{\"permissionMode\": \"yolo\"}", "permissionMode"),
                Arguments.of("{\"model\": \"--dangerously-skip-permissions\"}", "model"),
                Arguments.of("{\"allowedTools\": [\"-x\"]}", "allowedTools[0]"),
                Arguments.of("{\"allowedTools\": \"Bash\"}", "allowedTools"),
                Arguments.of("{\"disallowedTools\": [\"Bash,Read\"]}", "disallowedTools[0]"),
                Arguments.of("{\"unknownField\": 1}", "unknownField"),
                Arguments.of("{\"title\": \"" + "x".repeat(201) + "\"}", "title"));
    }

    @ParameterizedTest
    @MethodSource("badSessions")
    void badSessionsAreRefusedNamingTheFieldBeforeTheServiceIsCalled(String body, String field) throws Exception {
        ResultActions answer = mvc.perform(post("/api/v1/sessions").with(WebSlice.as(USER))
                        .contentType(MediaType.APPLICATION_JSON).content(body))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
        if (field != null) {
            answer.andExpect(jsonPath("$.detail", containsString(field)))
                    .andExpect(jsonPath("$.errors[0].field").value(field));
        }

        verifyNoInteractions(sessions);
    }
}
