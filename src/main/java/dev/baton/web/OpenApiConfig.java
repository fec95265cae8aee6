package dev.baton.web;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * What {@code /v3/api-docs} says beyond the controllers: the API's name, version and description, the bearer scheme
 * every {@code /api} call needs (so Swagger UI has an Authorize button), and the problem responses. Controllers
 * declare their success statuses and the errors particular to them; this adds the errors every endpoint can give
 * (400, 401, 404, 413, 500) and gives every error response the problem details schema, so that no 4xx or 5xx is
 * documented without it.
 */
@Configuration(proxyBeanMethods = false)
class OpenApiConfig {

    static final String BEARER = "apiKey";
    static final String PROBLEM = "Problem";
    static final String PROBLEM_JSON = "application/problem+json";

    @Bean
    OpenAPI batonOpenApi(Environment environment) {
        return new OpenAPI()
                .info(new Info().title("Baton API")
                        .version(environment.getProperty("spring.application.version", "unknown"))
                        .description("""
                                Claude Code behind a REST and WebSocket API. Sessions are interactive chat with the \
                                Claude CLI (POST /api/v1/sessions/{id}/query waits for the reply; /ws/sessions/{id} \
                                streams every message). Tasks are saved prompt templates; executing one answers 202 at \
                                once and runs it as a Temporal workflow with retries, timeouts and cancellation. \
                                Every call needs an API key as `Authorization: Bearer <key>` (the first start writes \
                                the admin's to <data dir>/admin-api-key). Errors are RFC 9457 problem details \
                                (application/problem+json) whose `detail` says what is wrong and what to do; a 400 \
                                names the field in `errors[].field`."""))
                .components(new Components()
                        .addSecuritySchemes(BEARER, new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer")
                                .description("An API key: the admin's, or one POST /api/v1/users made")))
                .addSecurityItem(new SecurityRequirement().addList(BEARER));
    }

    @Bean
    OpenApiCustomizer problemsOnEveryOperation() {
        return openApi -> {
            // Added here rather than with the info: springdoc drops schemas that nothing referred to yet.
            openApi.getComponents().addSchemas(PROBLEM, problemSchema());
            openApi.getPaths().forEach((path, item) -> item.readOperationsMap()
                    .forEach((method, operation) -> addProblems(path, operation)));
        };
    }

    private static void addProblems(String path, Operation operation) {
        ApiResponses responses = operation.getResponses();
        boolean takesInput = operation.getRequestBody() != null
                || (operation.getParameters() != null && !operation.getParameters().isEmpty());
        if (takesInput) {
            responses.putIfAbsent("400", problem("Invalid input; `errors[].field` names each field at fault"));
        }
        responses.putIfAbsent("401", problem("No API key, or one Baton does not know"));
        if (path.contains("{")) {
            responses.putIfAbsent("404", problem("No such resource of yours"));
        }
        if (operation.getRequestBody() != null) {
            responses.putIfAbsent("413", problem("The body is larger than BATON_WEB_MAX_REQUEST_SIZE"));
        }
        responses.putIfAbsent("500", problem("An unexpected error; it has been logged"));
        responses.forEach((status, response) -> {
            if (status.startsWith("4") || status.startsWith("5")) {
                response.setContent(problemContent());
            }
        });
    }

    private static ApiResponse problem(String description) {
        return new ApiResponse().description(description).content(problemContent());
    }

    private static Content problemContent() {
        return new Content().addMediaType(PROBLEM_JSON,
                new MediaType().schema(new Schema<>().$ref("#/components/schemas/" + PROBLEM)));
    }

    /** RFC 9457 problem details as Baton writes them. */
    private static Schema<?> problemSchema() {
        Schema<?> fieldError = new ObjectSchema()
                .addProperty("field", new StringSchema().description("The field at fault, as the request named it"))
                .addProperty("message", new StringSchema().description("What is wrong with it"));
        return new ObjectSchema().description("RFC 9457 problem details")
                .addProperty("type", new StringSchema().example("about:blank"))
                .addProperty("title", new StringSchema().example("Bad Request"))
                .addProperty("status", new IntegerSchema().example(400))
                .addProperty("detail", new StringSchema().description("What is wrong and what to do")
                        .example("message: must not be blank"))
                .addProperty("instance", new StringSchema().example("/api/v1/sessions/3a54…/query"))
                .addProperty("errors", new ArraySchema().items(fieldError)
                        .description("One entry per field at fault (400 only)"))
                // Some problems name what the request clashed with: executionId, overlapPolicy, runningExecutionId.
                .additionalProperties(Boolean.TRUE);
    }
}
