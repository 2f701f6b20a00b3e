package dev.nonstop.sample.spring;

import java.security.Principal;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.ResponseEntity;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.stereotype.Controller;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.util.HtmlUtils;

/**
 * The logged-in user's page (their notes, a form to add one, the version and instance that answered) and its JSON
 * twin {@code /api/me}; {@code /version} and {@code /slow} are public.
 */
@Controller
public class NotesController {
    private static final long MAX_SLOW_MS = 10_000;

    private final NoteRepository notes;
    private final AppIdentity identity;

    public NotesController(NoteRepository notes, AppIdentity identity) {
        this.notes = notes;
        this.identity = identity;
    }

    @GetMapping(value = "/", produces = "text/html")
    @ResponseBody
    @Transactional(readOnly = true)
    public String page(Principal user, CsrfToken csrf) {
        String name = HtmlUtils.htmlEscape(user.getName());
        StringBuilder items = new StringBuilder();
        for (Note note : notes.findTop20ByOwnerOrderByCreatedAtDesc(user.getName())) {
            items.append("<li>").append(HtmlUtils.htmlEscape(note.getText())).append("</li>\n");
        }
        String token = "<input type=\"hidden\" name=\"" + csrf.getParameterName() + "\" value=\""
                + HtmlUtils.htmlEscape(csrf.getToken()) + "\">";
        return """
                <!DOCTYPE html>
                <html><head><meta charset="utf-8"><title>Notes</title></head><body>
                <h1>Hello %s</h1>
                <p>Served by version <b id="version">%s</b> on instance <b id="instance">%s</b>.</p>
                <form method="post" action="/notes">%s<input name="text" maxlength="500" required>
                <button>Add a note</button></form>
                <ul>
                %s</ul>
                <form method="post" action="/logout">%s<button>Log out</button></form>
                </body></html>
                """
                .formatted(
                        name,
                        HtmlUtils.htmlEscape(identity.version()),
                        HtmlUtils.htmlEscape(identity.instance()),
                        token,
                        items,
                        token);
    }

    @PostMapping("/notes")
    @Transactional
    public String add(Principal user, @RequestParam String text) {
        String trimmed = text.strip();
        if (!trimmed.isEmpty()) {
            notes.save(new Note(
                    user.getName(), trimmed.length() > 500 ? trimmed.substring(0, 500) : trimmed, Instant.now()));
        }
        return "redirect:/";
    }

    /** Who is logged in, as JSON; 401 when nobody is (see {@link SecurityConfig}). */
    @GetMapping("/api/me")
    @ResponseBody
    @Transactional(readOnly = true)
    public Map<String, Object> me(Principal user) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("user", user.getName());
        body.put("notes", notes.countByOwner(user.getName()));
        body.put("version", identity.version());
        body.put("instance", identity.instance());
        return body;
    }

    @GetMapping("/version")
    @ResponseBody
    public Map<String, String> version() {
        return Map.of("version", identity.version(), "instance", identity.instance());
    }

    /** Answers after {@code ms} milliseconds (at most 10 s): a request still in flight when a drain starts. */
    @GetMapping("/slow")
    @ResponseBody
    public ResponseEntity<Map<String, Object>> slow(@RequestParam(defaultValue = "200") long ms)
            throws InterruptedException {
        if (ms < 0 || ms > MAX_SLOW_MS) {
            return ResponseEntity.badRequest()
                    .body(Map.of("error", "ms: " + ms + " (expected: 0-" + MAX_SLOW_MS + ")"));
        }
        Thread.sleep(ms); // the request's purpose: to take this long
        return ResponseEntity.ok(Map.of("sleptMs", ms, "version", identity.version()));
    }
}
