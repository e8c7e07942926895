package io.pumpflix.credential;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A credential's plaintext, held as characters for as short a time as possible. It never shows
 * itself in {@code toString}, logs or exception messages; {@link #close()} wipes it.
 */
public final class Secret implements AutoCloseable {

    private final char[] value;

    private Secret(char[] value) {
        this.value = value;
    }

    /** Takes a copy; the caller should wipe its own array. */
    public static Secret of(char[] value) {
        if (value == null || value.length == 0) {
            throw new IllegalArgumentException("a secret must not be empty");
        }
        return new Secret(value.clone());
    }

    /** A copy of the characters, for the one caller that uses them; wipe it after use. */
    public char[] reveal() {
        return value.clone();
    }

    int length() {
        return value.length;
    }

    boolean isBlank() {
        for (char c : value) {
            if (!Character.isWhitespace(c)) {
                return false;
            }
        }
        return true;
    }

    byte[] utf8() {
        ByteBuffer encoded = StandardCharsets.UTF_8.encode(CharBuffer.wrap(value));
        byte[] bytes = new byte[encoded.remaining()];
        encoded.get(bytes);
        if (encoded.hasArray()) {
            Arrays.fill(encoded.array(), (byte) 0);
        }
        return bytes;
    }

    static Secret fromUtf8(byte[] bytes) {
        CharBuffer decoded = StandardCharsets.UTF_8.decode(ByteBuffer.wrap(bytes));
        char[] chars = new char[decoded.remaining()];
        decoded.get(chars);
        if (decoded.hasArray()) {
            Arrays.fill(decoded.array(), '\0');
        }
        Arrays.fill(bytes, (byte) 0);
        return new Secret(chars);
    }

    @Override
    public void close() {
        Arrays.fill(value, '\0');
    }

    @Override
    public String toString() {
        return "Secret[redacted]";
    }
}
