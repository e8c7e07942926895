package io.pumpflix.identity;

import java.util.Locale;

/**
 * What a sign-in token is for: the API (an {@code Authorization: Bearer} header) or the web
 * console (its session cookie). A token works only for its own purpose.
 */
public enum TokenPurpose {
    API, CONSOLE;

    String dbValue() {
        return name().toLowerCase(Locale.ROOT);
    }
}
