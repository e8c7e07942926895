package io.pumpflix.engine.run;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The secrets a run decrypted, and their removal from everything the run stores, answers or
 * publishes: node outputs, errors, webhook answers, live events. Each secret is replaced where it
 * appears as is and as JSON writes it. Values shorter than four characters are not secrets worth
 * the name and are left alone (replacing them would garble the data).
 */
final class Redactor {

    static final String MARK = "[redacted]";
    private static final int SHORTEST = 4;

    private final List<String> secrets = new CopyOnWriteArrayList<>();

    void add(String secret) {
        if (secret == null || secret.length() < SHORTEST) {
            return;
        }
        secrets.add(secret);
        String escaped = jsonEscaped(secret);
        if (!escaped.equals(secret)) {
            secrets.add(escaped);
        }
    }

    boolean any() {
        return !secrets.isEmpty();
    }

    String redact(String text) {
        if (text == null || secrets.isEmpty()) {
            return text;
        }
        String clean = text;
        for (String secret : secrets) {
            clean = clean.replace(secret, MARK);
        }
        return clean;
    }

    private static String jsonEscaped(String value) {
        String json = io.pumpflix.engine.expression.JsonText.of(value);
        return json.substring(1, json.length() - 1);
    }
}
