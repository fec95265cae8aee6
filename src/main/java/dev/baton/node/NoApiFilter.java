package dev.baton.node;

import dev.baton.web.ProblemResponses;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * On a node without the {@code api} role, answers every {@code /api/**} and {@code /ws/**} request with 404, so a
 * misrouted load balancer is plain to see; {@code /actuator/**} still works for probes and scrapes.
 */
final class NoApiFilter extends OncePerRequestFilter {

    private final ProblemResponses problems;

    NoApiFilter(ProblemResponses problems) {
        this.problems = problems;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        return !(isUnder(path, "/api") || isUnder(path, "/ws"));
    }

    private static boolean isUnder(String path, String prefix) {
        return path.equals(prefix) || path.startsWith(prefix + "/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        ProblemDetail problem = ProblemResponses.problem(HttpStatus.NOT_FOUND,
                "This node does not serve the API (" + NodeRoles.PROPERTY + " has no 'api'); send "
                        + request.getRequestURI() + " to a node with the api role.");
        problem.setInstance(URI.create(request.getRequestURI()));
        problems.write(response, problem);
    }
}
