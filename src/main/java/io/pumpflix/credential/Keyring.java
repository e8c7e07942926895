package io.pumpflix.credential;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * Versioned 256-bit keys. The text form is one {@code <keyId>:<base64 of 32 bytes>} per line (or
 * comma-separated, for an environment variable); {@code #} starts a comment; the last key is the
 * primary one that encrypts, every key decrypts. The database never sees a key.
 */
final class Keyring {

    static final Pattern KEY_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    record Key(String id, SecretKey secretKey) {

        @Override
        public String toString() {
            return "Key[" + id + "]";
        }
    }

    private final List<Key> keys;

    private Keyring(List<Key> keys) {
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("the keyring holds no key");
        }
        this.keys = List.copyOf(keys);
    }

    /** Parses the text form; messages name the source and line, never key material. */
    static Keyring parse(String text, String source) {
        List<Key> keys = new ArrayList<>();
        String[] entries = text.split("[,\\n]");
        for (int i = 0; i < entries.length; i++) {
            String entry = entries[i].strip();
            if (entry.isEmpty() || entry.startsWith("#")) {
                continue;
            }
            int colon = entry.indexOf(':');
            String where = source + ", entry " + (i + 1);
            if (colon < 0) {
                throw new IllegalArgumentException(where + ": expected <keyId>:<base64 key>");
            }
            String id = entry.substring(0, colon);
            if (!KEY_ID.matcher(id).matches()) {
                throw new IllegalArgumentException(where + ": key id must be 1 to 64 of A-Z a-z 0-9 _ -");
            }
            byte[] material;
            try {
                material = Base64.getDecoder().decode(entry.substring(colon + 1).strip());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(where + " (key " + id + "): the key is not valid base64");
            }
            if (material.length != 32) {
                throw new IllegalArgumentException(where + " (key " + id + "): a key must be 32 bytes (256 bits), got "
                        + material.length);
            }
            if (keys.stream().anyMatch(k -> k.id().equals(id))) {
                throw new IllegalArgumentException(where + ": key id " + id + " appears twice");
            }
            keys.add(new Key(id, new SecretKeySpec(material, "AES")));
        }
        return new Keyring(keys);
    }

    Key primary() {
        return keys.get(keys.size() - 1);
    }

    Optional<Key> find(String id) {
        return keys.stream().filter(k -> k.id().equals(id)).findFirst();
    }

    List<String> ids() {
        return keys.stream().map(Key::id).toList();
    }

    @Override
    public String toString() {
        return "Keyring" + ids() + ", primary " + primary().id();
    }
}
