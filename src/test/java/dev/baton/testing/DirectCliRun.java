package dev.baton.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.util.List;

import tools.jackson.databind.JsonNode;

/** What one headless CLI process printed: its stream-json stdout lines, parsed, plus exit code and stderr. */
record DirectCliRun(int exitCode, List<JsonNode> lines, String stderr) {

    List<JsonNode> ofType(String type) {
        return lines.stream().filter(line -> type.equals(line.path("type").asString(""))).toList();
    }

    /** The turn's last line; a run without one did not finish its turn. */
    JsonNode result() {
        List<JsonNode> results = ofType("result");
        if (results.isEmpty()) {
            fail("no result line (exit %d)%nstdout: %s%nstderr: %s", exitCode, lines, stderr);
        }
        return results.getLast();
    }

    String sessionId() {
        List<JsonNode> inits = ofType("system").stream()
                .filter(line -> "init".equals(line.path("subtype").asString("")))
                .toList();
        assertThat(inits).as("system/init lines in %s", lines).hasSize(1);
        return inits.getFirst().path("session_id").asString();
    }

    /** The content blocks of all lines of a type, e.g. every tool_use of the assistant lines. */
    List<JsonNode> blocks(String lineType, String blockType) {
        return ofType(lineType).stream()
                .flatMap(line -> line.path("message").path("content").values().stream())
                .filter(block -> blockType.equals(block.path("type").asString("")))
                .toList();
    }
}
