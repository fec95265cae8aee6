package dev.baton.task;

import static org.hamcrest.Matchers.containsString;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.baton.approval.ApprovalMode;
import dev.baton.approval.OnApprovalTimeout;
import dev.baton.user.CurrentUser;
import dev.baton.user.Role;
import dev.baton.web.WebSlice;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
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

/**
 * The task API's request validation, in a web slice: bad bodies are refused with a problem naming the field before
 * the service is called. Checks the service makes itself (a working directory outside the root) stay in
 * {@link TaskApiTest}, against the whole application.
 */
@WebMvcTest(TaskController.class)
@AutoConfigureMockMvc(addFilters = false)
@Import(WebSlice.class)
class TaskControllerTest {

    private static final CurrentUser USER = new CurrentUser(UUID.randomUUID(), "alice", Role.USER);

    @Autowired
    private MockMvc mvc;

    @MockitoBean
    private TaskService tasks;

    @AfterEach
    void signOut() {
        WebSlice.signOut();
    }

    static Stream<Arguments> badTasks() {
        return Stream.of(
                Arguments.of("{\"promptTemplate\":\"x\"}", "name"),
                Arguments.of("{\"name\":\"t\"}", "promptTemplate"),
                Arguments.of("{\"name\":\"t\",\"promptTemplate\":\"x\",\"retry\":{\"maxAttempts\":0}}", "retry.maxAttempts"),
                Arguments.of("{\"name\":\"t\",\"promptTemplate\":\"x\",\"retry\":{\"maxAttempts\":-2}}", "retry.maxAttempts"),
                Arguments.of("{\"name\":\"t\",\"promptTemplate\":\"x\",\"timeoutSeconds\":5}", "timeoutSeconds"),
                Arguments.of("{\"name\":\"t\",\"promptTemplate\":\"x\",\"timeoutSeconds\":100000}", "timeoutSeconds"),
                Arguments.of("{\"name\":\"t\",\"promptTemplate\":\"x\",\"variables\":{\"n\":5}}", "variables.n"),
                Arguments.of("{\"name\":\"t\",\"promptTemplate\":\"x\",\"variables\":[\"a\"]}", "variables"),
                Arguments.of("{\"name\":\"t\",\"promptTemplate\":\"x\",\"permissionMode\":\"godMode\"}", "permissionMode"),
                Arguments.of("{\"name\":\"t\",\"promptTemplate\":\"x\",\"model\":\"-p\"}", "model"),
                Arguments.of("{\"name\":\"t\",\"promptTemplate\":\"x\",\"timeout\":60}", "timeout"));
    }

    @ParameterizedTest
    @MethodSource("badTasks")
    void badTasksAreRefusedNamingTheFieldBeforeTheServiceIsCalled(String body, String field) throws Exception {
        mvc.perform(post("/api/v1/tasks").with(WebSlice.as(USER)).contentType(MediaType.APPLICATION_JSON).content(body))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.detail", containsString(field)));
        mvc.perform(put("/api/v1/tasks/" + UUID.randomUUID()).with(WebSlice.as(USER))
                        .contentType(MediaType.APPLICATION_JSON).content(body))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.detail", containsString(field)));

        verifyNoInteractions(tasks);
    }

    @Test
    void aGoodTaskReachesTheServiceAsTheCallersWithDefaultsFilledIn() throws Exception {
        UUID id = UUID.randomUUID();
        TaskSpec expected = new TaskSpec("t", null, "x", Map.of(), null, null, List.of(), List.of(), null, null,
                TaskRequest.DEFAULT_TIMEOUT_SECONDS, RetryPolicy.DEFAULT);
        when(tasks.create(eq(USER.id()), any())).thenReturn(new TaskView(id, "t", null, "x", Map.of(), null, null,
                List.of(), List.of(), null, null, null, TaskRequest.DEFAULT_TIMEOUT_SECONDS, RetryPolicy.DEFAULT,
                ApprovalMode.NONE, TaskSpec.DEFAULT_APPROVAL_TIMEOUT_SECONDS, OnApprovalTimeout.DENY,
                Instant.EPOCH, Instant.EPOCH));

        mvc.perform(post("/api/v1/tasks").with(WebSlice.as(USER)).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"name\":\"t\",\"promptTemplate\":\"x\"}"))
                .andExpect(status().isCreated())
                .andExpect(header().string("Location", "/api/v1/tasks/" + id));

        verify(tasks).create(USER.id(), expected);
    }
}
