package dev.baton.temporalui;

import dev.baton.user.CurrentUser;
import dev.baton.user.KeyLogin;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import org.springframework.web.util.HtmlUtils;

/**
 * Baton's API rules on the UI port: every request needs a user, proved with HTTP Basic (username, and the API key
 * as the password; browsers prompt for it, scripts send {@code -u user:key}) or with the cookie of the login page.
 * The key travels only in a header or a form body, never in a URL. A refused page answers 401 with the Basic
 * challenge and the login form as its body, so a browser shows its prompt and, if that is dismissed, the form.
 */
final class UiLogin {

    static final String COOKIE = "baton_ui_session";
    static final String REALM = "Baton Temporal UI";

    private final KeyLogin keys;
    private final UiSessions sessions;

    UiLogin(KeyLogin keys, UiSessions sessions) {
        this.keys = keys;
        this.sessions = sessions;
    }

    /** The caller, from Basic credentials if sent (wrong ones are wrong even with a good cookie), else the cookie. */
    Optional<CurrentUser> authenticate(UiExchange exchange) {
        Optional<String> header = exchange.header("Authorization");
        if (header.isPresent()) {
            return basic(header.get()).flatMap(credentials -> keys.login(credentials[0], credentials[1]))
                    .map(KeyLogin.Login::user);
        }
        return exchange.cookie(COOKIE).flatMap(sessions::find).flatMap(keys::check);
    }

    void challenge(UiExchange exchange, boolean api) throws IOException {
        exchange.setHeader("WWW-Authenticate", "Basic realm=\"" + REALM + "\", charset=\"UTF-8\"");
        if (api) {
            TemporalUiServer.problem(exchange, new UiFailure(401, io.grpc.Status.Code.UNAUTHENTICATED,
                    "Sign in: HTTP Basic with your Baton username and API key, or the login page at /login"));
        } else {
            exchange.html(401, LoginPage.html(exchange.rawPath(), null));
        }
    }

    void showForm(UiExchange exchange) throws IOException {
        exchange.html(200, LoginPage.html(exchange.param("next").orElse("/"), null));
    }

    /** The login form's POST: a session cookie and back to the page asked for, or the form again with an error. */
    void login(UiExchange exchange) throws IOException {
        Map<String, String> form = exchange.form();
        String next = safeNext(form.get("next"));
        Optional<KeyLogin.Login> login = keys.login(form.getOrDefault("username", "").strip(),
                form.getOrDefault("apiKey", "").strip());
        if (login.isEmpty()) {
            exchange.html(401, LoginPage.html(next, "Wrong username or API key."));
            return;
        }
        String token = sessions.open(login.get().proof());
        exchange.addHeader("Set-Cookie", COOKIE + "=" + token + "; Path=/; HttpOnly; SameSite=Strict; Max-Age="
                + UiSessions.TTL.toSeconds());
        exchange.redirect(next);
    }

    void logout(UiExchange exchange) throws IOException {
        exchange.cookie(COOKIE).ifPresent(sessions::close);
        exchange.addHeader("Set-Cookie", COOKIE + "=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0");
        exchange.redirect("/login");
    }

    /** Only a path on this server, so the form cannot be made to send a signed-in user elsewhere. */
    static String safeNext(String next) {
        if (next == null || !next.startsWith("/") || next.startsWith("//") || next.startsWith("/\\")
                || next.startsWith("/login") || next.startsWith("/logout")) {
            return "/";
        }
        return next;
    }

    private static Optional<String[]> basic(String header) {
        if (!header.regionMatches(true, 0, "Basic ", 0, 6)) {
            return Optional.empty();
        }
        try {
            String decoded = new String(Base64.getDecoder().decode(header.substring(6).strip()), StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            return colon < 0 ? Optional.empty()
                    : Optional.of(new String[] {decoded.substring(0, colon), decoded.substring(colon + 1)});
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** The sign-in page; plain HTML and CSS, served before anyone is signed in. */
    static final class LoginPage {

        private LoginPage() {
        }

        static String html(String next, String error) {
            String message = error == null ? "" : "<p class=\"error\" role=\"alert\">" + HtmlUtils.htmlEscape(error) + "</p>";
            return """
                    <!doctype html>
                    <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
                    <title>Sign in | Baton Temporal UI</title>
                    <style>
                    body{font-family:system-ui,sans-serif;background:#f5f5f7;display:flex;justify-content:center;padding-top:10vh;margin:0}
                    form{background:#fff;padding:2rem;border-radius:8px;box-shadow:0 1px 4px #0002;width:22rem;display:flex;flex-direction:column;gap:.75rem}
                    h1{font-size:1.3rem;margin:0 0 .5rem}label{display:flex;flex-direction:column;gap:.25rem;font-size:.9rem}
                    input{padding:.5rem;border:1px solid #bbb;border-radius:4px;font-size:1rem}
                    button{padding:.6rem;border:0;border-radius:4px;background:#1d4ed8;color:#fff;font-size:1rem;cursor:pointer}
                    .error{color:#b91c1c;margin:0}.hint{color:#555;font-size:.8rem;margin:0}
                    </style></head><body>
                    <form method="post" action="/login" id="baton-login">
                    <h1>Temporal Web UI · Baton</h1>
                    %s
                    <label>Username<input name="username" id="username" autocomplete="username" required></label>
                    <label>API key<input name="apiKey" id="apiKey" type="password" autocomplete="current-password" required></label>
                    <input type="hidden" name="next" value="%s">
                    <button type="submit" id="sign-in">Sign in</button>
                    <p class="hint">The API key Baton gave you; the admin's is in &lt;data dir&gt;/admin-api-key. Scripts may
                    send HTTP Basic instead: <code>curl -u user:key</code>.</p>
                    </form></body></html>
                    """.formatted(message, HtmlUtils.htmlEscape(safeNext(next)));
        }
    }
}
