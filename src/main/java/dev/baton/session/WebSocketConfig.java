package dev.baton.session;

import org.springframework.context.annotation.Configuration;
import org.springframework.web.socket.config.annotation.EnableWebSocket;
import org.springframework.web.socket.config.annotation.WebSocketConfigurer;
import org.springframework.web.socket.config.annotation.WebSocketHandlerRegistry;

@Configuration(proxyBeanMethods = false)
@EnableWebSocket
class WebSocketConfig implements WebSocketConfigurer {

    private final SessionWebSocketHandler handler;
    private final SessionHandshakeInterceptor interceptor;

    WebSocketConfig(SessionWebSocketHandler handler, SessionHandshakeInterceptor interceptor) {
        this.handler = handler;
        this.interceptor = interceptor;
    }

    @Override
    public void registerWebSocketHandlers(WebSocketHandlerRegistry registry) {
        // API keys, not cookies, authenticate the socket, so any origin may connect.
        registry.addHandler(handler, "/ws/sessions/*").addInterceptors(interceptor).setAllowedOriginPatterns("*");
    }
}
