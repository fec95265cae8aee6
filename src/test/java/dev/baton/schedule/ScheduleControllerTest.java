package dev.baton.schedule;

import static org.hamcrest.Matchers.containsString;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.baton.node.NodeRoles;
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
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

/**
 * The schedule API's request validation, in a web slice. The schedule's times (cron, interval, time zone) are
 * checked by the service and stay in {@link ScheduleApiTest}.
 */
@WebMvcTest(ScheduleController.class)
@AutoConfigureMockMvc(addFilters = false)
@Import({WebSlice.class, ScheduleControllerTest.Roles.class})
class ScheduleControllerTest {

    private static final CurrentUser USER = new CurrentUser(UUID.randomUUID(), "alice", Role.USER);

    @Autowired
    private MockMvc mvc;

    @MockitoBean
    private ScheduleService schedules;

    /** ScheduleService's startup listener names this bean in its condition; the mock keeps the annotation. */
    @TestConfiguration(proxyBeanMethods = false)
    static class Roles {
        @Bean
        NodeRoles nodeRoles() {
            return new NodeRoles(true, true);
        }
    }

    @AfterEach
    void signOut() {
        WebSlice.signOut();
    }

    static Stream<Arguments> badSchedules() {
        return Stream.of(
                Arguments.of("{\"intervalSeconds\":\"60\"}", "intervalSeconds"),
                Arguments.of("{\"cron\":\"@daily\",\"overlapPolicy\":\"sometimes\"}", "overlapPolicy"),
                Arguments.of("{\"cron\":\"@daily\",\"variables\":{\"n\":1}}", "variables.n"),
                Arguments.of("{\"cron\":\"@daily\",\"paused\":\"yes\"}", "paused"),
                Arguments.of("{\"cron\":\"" + "*".repeat(201) + "\"}", "cron"),
                Arguments.of("{\"cron\":\"@daily\",\"pause\":true}", "pause"));
    }

    @ParameterizedTest
    @MethodSource("badSchedules")
    void badSchedulesAreRefusedNamingTheFieldBeforeTheServiceIsCalled(String body, String field) throws Exception {
        mvc.perform(put("/api/v1/tasks/" + UUID.randomUUID() + "/schedule").with(WebSlice.as(USER))
                        .contentType(MediaType.APPLICATION_JSON).content(body))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.detail", containsString(field)));

        // Not verifyNoInteractions: the service's own startup listeners run on the mock too.
        verify(schedules, never()).put(any(), any(), any());
    }
}
