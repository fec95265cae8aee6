package dev.baton.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.support.IntegrationTest;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code /v3/api-docs} as a client author reads it: valid OpenAPI (checked by swagger-parser, as client generators
 * read it), with the project's name and version, a bearer scheme, and for every endpoint its success status, its
 * problem responses with the problem schema and an example of its request body. Any endpoint added without these
 * fails here.
 */
class OpenApiDocumentTest extends IntegrationTest {

    private OpenAPI document;

    @BeforeEach
    void parse() {
        var answer = admin.get("/v3/api-docs");
        assertThat(answer.status()).isEqualTo(200);
        ParseOptions options = new ParseOptions();
        SwaggerParseResult result = new OpenAPIV3Parser().readContents(answer.body(), null, options);
        assertThat(result.getMessages()).as("swagger-parser's complaints").isEmpty();
        document = result.getOpenAPI();
        assertThat(document).isNotNull();
    }

    @Test
    void namesTheApiWithTheProjectsVersionAndABearerScheme() throws IOException {
        assertThat(document.getInfo().getTitle()).isEqualTo("Baton API");
        assertThat(document.getInfo().getVersion()).isEqualTo(pomVersion());
        assertThat(document.getInfo().getDescription()).contains("Authorization: Bearer", "problem details");
        SecurityScheme bearer = document.getComponents().getSecuritySchemes().get(OpenApiConfig.BEARER);
        assertThat(bearer.getType()).isEqualTo(SecurityScheme.Type.HTTP);
        assertThat(bearer.getScheme()).isEqualTo("bearer");
        assertThat(document.getSecurity()).anySatisfy(requirement ->
                assertThat(requirement).containsKey(OpenApiConfig.BEARER));
    }

    @Test
    void everyOperationListsItsSuccessItsProblemsAndAnExampleBody() {
        List<String> faults = new ArrayList<>();
        int operations = 0;
        for (var path : document.getPaths().entrySet()) {
            for (var entry : path.getValue().readOperationsMap().entrySet()) {
                operations++;
                String name = entry.getKey() + " " + path.getKey();
                faults.addAll(faults(name, path.getKey(), entry.getValue()));
            }
        }
        assertThat(operations).isGreaterThanOrEqualTo(25);
        assertThat(faults).isEmpty();
    }

    private List<String> faults(String name, String path, Operation operation) {
        List<String> faults = new ArrayList<>();
        Map<String, ApiResponse> responses = operation.getResponses();
        if (responses.keySet().stream().noneMatch(status -> status.startsWith("2"))) {
            faults.add(name + ": no success status");
        }
        List<String> required = new ArrayList<>(List.of("401", "500"));
        if (path.contains("{")) {
            required.add("404");
        }
        if (operation.getRequestBody() != null) {
            required.add("400");
        }
        required.stream().filter(status -> !responses.containsKey(status))
                .forEach(status -> faults.add(name + ": no " + status));
        responses.forEach((status, response) -> {
            if (status.startsWith("2")) {
                if (response.getContent() != null && response.getContent().containsKey("*/*")) {
                    faults.add(name + ": " + status + " is */*");
                }
            } else if (!isProblem(response)) {
                faults.add(name + ": " + status + " is not application/problem+json with the Problem schema");
            }
        });
        if (operation.getRequestBody() != null) {
            MediaType json = operation.getRequestBody().getContent().get("application/json");
            if (json == null || !hasExample(json)) {
                faults.add(name + ": its request body has no example");
            }
        }
        return faults;
    }

    private static boolean isProblem(ApiResponse response) {
        MediaType problem = response.getContent() == null ? null
                : response.getContent().get(OpenApiConfig.PROBLEM_JSON);
        return problem != null && problem.getSchema() != null
                && ("#/components/schemas/" + OpenApiConfig.PROBLEM).equals(problem.getSchema().get$ref());
    }

    private boolean hasExample(MediaType json) {
        if (json.getExample() != null || (json.getExamples() != null && !json.getExamples().isEmpty())) {
            return true;
        }
        Schema<?> schema = json.getSchema();
        if (schema != null && schema.get$ref() != null) {
            schema = document.getComponents().getSchemas().get(schema.get$ref().replace("#/components/schemas/", ""));
        }
        return schema != null && schema.getExample() != null;
    }

    @Test
    void theEndpointsAClientMeetsFirstCarryTheirOwnStatuses() {
        assertThat(responses("post", "/api/v1/tasks/{id}/execute")).containsKeys("202", "200", "400", "404", "503");
        assertThat(responses("post", "/api/v1/sessions/{id}/query")).containsKeys("200", "409", "429", "503")
                .doesNotContainKey("default");
        assertThat(responses("post", "/api/v1/sessions")).containsKey("201").doesNotContainKey("200");
        assertThat(responses("delete", "/api/v1/sessions/{id}")).containsKeys("204", "409").doesNotContainKey("200");
        assertThat(responses("post", "/api/v1/sessions/{id}/interrupt")).containsKeys("200", "202", "409");
        assertThat(responses("post", "/api/v1/tasks/{id}/schedule/trigger")).containsKeys("202", "409");
        assertThat(responses("post", "/api/v1/users")).containsKeys("201", "403");
        assertThat(responses("post", "/api/v1/tasks/{id}/execute")).containsKey("402");
        assertThat(responses("post", "/api/v1/sessions/{id}/query")).containsKey("402");
        assertThat(responses("post", "/api/v1/executions/{id}/continue")).containsKeys("202", "400", "402", "404",
                "409");
        assertThat(responses("put", "/api/v1/users/{id}/limits")).containsKeys("200", "400", "403", "404");
        assertThat(responses("get", "/api/v1/usage")).containsKeys("200", "400");
        Schema<?> problem = document.getComponents().getSchemas().get(OpenApiConfig.PROBLEM);
        assertThat(problem.getProperties()).containsKeys("type", "title", "status", "detail", "errors");
    }

    private Map<String, ApiResponse> responses(String method, String path) {
        var item = document.getPaths().get(path);
        assertThat(item).as(path).isNotNull();
        Operation operation = switch (method) {
            case "post" -> item.getPost();
            case "delete" -> item.getDelete();
            case "put" -> item.getPut();
            default -> item.getGet();
        };
        assertThat(operation).as(method + " " + path).isNotNull();
        return operation.getResponses();
    }

    private static String pomVersion() throws IOException {
        String pom = Files.readString(Path.of("pom.xml"));
        // The project's own version: the first <version> after its <artifactId>baton</artifactId>.
        Matcher version = Pattern.compile("<artifactId>baton</artifactId>\\s*<version>([^<]+)</version>").matcher(pom);
        assertThat(version.find()).isTrue();
        return version.group(1);
    }
}
