package dev.baton.node;

import java.util.Map;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Checks {@code baton.roles} before any bean exists, so a typo stops the node at once with a message naming it,
 * and turns the worker role off through the Temporal starter's own switch.
 *
 * <p>{@code spring.temporal.start-workers=false} keeps the starter's beans (client, worker factory, registered
 * workflow and activity types) but not its listener that starts the factory on {@code ApplicationReadyEvent}: an
 * api node can still start workflows and query them, and never polls the task queue. Registering the worker
 * conditionally instead would need a second copy of the worker list in {@code application.yml}.
 */
class NodeRolesEnvironmentPostProcessor implements EnvironmentPostProcessor {

    static final String START_WORKERS = "spring.temporal.start-workers";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment env, SpringApplication application) {
        NodeRoles roles = NodeRoles.of(env);
        if (!roles.worker()) {
            env.getPropertySources().addFirst(new MapPropertySource("batonNodeRoles", Map.of(START_WORKERS, "false")));
        }
    }
}
