package dev.baton.user;

import dev.baton.web.ProblemResponses;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Authenticates {@code Authorization: Bearer <key>}. WebSocket handshakes may pass the key as
 * {@code access_token} instead, because browsers cannot set headers on them. A key that matches nobody is
 * refused at once; a request with no key goes on and is refused later only if its path needs a user.
 */
class ApiKeyAuthenticationFilter extends OncePerRequestFilter {

    private static final String BEARER = "Bearer ";

    private final UserService users;
    private final ProblemResponses problems;

    ApiKeyAuthenticationFilter(UserService users, ProblemResponses problems) {
        this.users = users;
        this.problems = problems;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Optional<String> key = keyOf(request);
        if (key.isPresent()) {
            Optional<CurrentUser> user = users.authenticate(key.get());
            if (user.isEmpty()) {
                problems.write(response, HttpStatus.UNAUTHORIZED, "The API key is not valid");
                return;
            }
            var authority = new SimpleGrantedAuthority("ROLE_" + user.get().role().name());
            SecurityContextHolder.getContext().setAuthentication(
                    UsernamePasswordAuthenticationToken.authenticated(user.get(), null, List.of(authority)));
        }
        chain.doFilter(request, response);
    }

    private static Optional<String> keyOf(HttpServletRequest request) {
        String header = request.getHeader("Authorization");
        if (header != null && header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            String key = header.substring(BEARER.length()).trim();
            return key.isEmpty() ? Optional.empty() : Optional.of(key);
        }
        String token = request.getParameter("access_token");
        if (token != null && !token.isBlank() && request.getRequestURI().startsWith("/ws/")) {
            return Optional.of(token);
        }
        return Optional.empty();
    }
}
