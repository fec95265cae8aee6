package dev.baton.node;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.springframework.core.env.Environment;

/**
 * What this node does, from {@code baton.roles} ({@code BATON_ROLES}): {@code api} serves {@code /api/**} and
 * {@code /ws/**}, {@code worker} runs the Temporal worker that executes task attempts. A node has both by default,
 * so a single process is a complete Baton; in production N api nodes and M worker nodes share one PostgreSQL and
 * one Temporal cluster.
 */
public record NodeRoles(boolean api, boolean worker) {

    public static final String PROPERTY = "baton.roles";
    static final String DEFAULT = "api,worker";

    /** @throws IllegalArgumentException naming the unknown role, or when the list names none */
    public static NodeRoles parse(String value) {
        List<String> names = Arrays.stream(value == null ? new String[0] : value.split(","))
                .map(name -> name.strip().toLowerCase(Locale.ROOT))
                .filter(name -> !name.isEmpty())
                .toList();
        if (names.isEmpty()) {
            throw new IllegalArgumentException(PROPERTY + " (BATON_ROLES) names no role; expected a comma list of"
                    + " 'api' and 'worker', e.g. 'api,worker'");
        }
        boolean api = false;
        boolean worker = false;
        for (String name : names) {
            switch (name) {
                case "api" -> api = true;
                case "worker" -> worker = true;
                default -> throw new IllegalArgumentException(PROPERTY + " (BATON_ROLES): unknown role '" + name
                        + "'; expected 'api' or 'worker'");
            }
        }
        return new NodeRoles(api, worker);
    }

    public static NodeRoles of(Environment env) {
        return parse(env.getProperty(PROPERTY, DEFAULT));
    }

    @Override
    public String toString() {
        return api && worker ? "api, worker" : api ? "api" : "worker";
    }
}
