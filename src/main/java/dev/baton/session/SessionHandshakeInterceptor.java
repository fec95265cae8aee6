package dev.baton.session;

import dev.baton.user.CurrentUser;
import dev.baton.web.NotFoundException;
import dev.baton.web.ProblemResponses;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.server.HandshakeInterceptor;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * Refuses a handshake before upgrading when the session id is malformed or not the caller's, so a client sees a
 * plain HTTP 400 or 404 instead of a socket that closes at once.
 */
@Component
class SessionHandshakeInterceptor implements HandshakeInterceptor {

    static final String SESSION_ID = "sessionId";
    static final String USER = "user";
    static final String AFTER = "after";

    private final SessionService sessions;
    private final ProblemResponses problems;

    SessionHandshakeInterceptor(SessionService sessions, ProblemResponses problems) {
        this.sessions = sessions;
        this.problems = problems;
    }

    @Override
    public boolean beforeHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler handler,
            Map<String, Object> attributes) {
        if (!(request.getPrincipal() instanceof Authentication auth) || !(auth.getPrincipal() instanceof CurrentUser user)) {
            return refuse(response, HttpStatus.UNAUTHORIZED, "Authentication required");
        }
        String path = request.getURI().getPath();
        UUID sessionId;
        long after;
        try {
            sessionId = UUID.fromString(path.substring(path.lastIndexOf('/') + 1));
            String afterParam = UriComponentsBuilder.fromUri(request.getURI()).build().getQueryParams().getFirst(AFTER);
            after = afterParam == null ? -1 : Long.parseLong(afterParam);
            if (afterParam != null && after < 0) {
                throw new IllegalArgumentException();
            }
        } catch (IllegalArgumentException e) {
            return refuse(response, HttpStatus.BAD_REQUEST,
                    "sessionId must be a UUID and after a non-negative sequence number");
        }
        try {
            sessions.get(sessionId, user.id());
        } catch (NotFoundException e) {
            return refuse(response, HttpStatus.NOT_FOUND, e.getMessage());
        }
        attributes.put(SESSION_ID, sessionId);
        attributes.put(USER, user);
        attributes.put(AFTER, after);
        return true;
    }

    private boolean refuse(ServerHttpResponse response, HttpStatus status, String detail) {
        problems.write(response, status, detail);
        return false;
    }

    @Override
    public void afterHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler handler,
            Exception exception) {
    }
}
