package io.pumpflix.platform;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

/**
 * One page of a keyset-paginated list: the items and the opaque cursor of the next page (null
 * on the last page). Pages stay stable while rows are inserted: a cursor names the last row seen
 * by its sort key and id, not an offset.
 */
public record Page<T>(List<T> items, String nextCursor) {

    public static final int DEFAULT_SIZE = 50;
    public static final int MAX_SIZE = 200;

    /** The page size asked for, defaulted and bounded. */
    public static int size(Integer limit) {
        return limit == null ? DEFAULT_SIZE : Check.range(limit, "limit", 1, MAX_SIZE);
    }

    /**
     * Builds a page from {@code size + 1} fetched rows: the extra row only says there is more.
     *
     * @param key the sort key and id of a row, which the next page starts after
     */
    public static <T> Page<T> of(List<T> fetched, int size, Function<T, Cursor> key) {
        if (fetched.size() <= size) {
            return new Page<>(fetched, null);
        }
        List<T> items = fetched.subList(0, size);
        return new Page<>(List.copyOf(items), key.apply(items.get(size - 1)).encode());
    }

    /** A position in a list ordered by a sort value (a time, or a number) and then id. */
    public record Cursor(String sortValue, UUID id) {

        public static Cursor of(Instant time, UUID id) {
            return new Cursor(time.toString(), id);
        }

        public static Cursor of(long number, UUID id) {
            return new Cursor(Long.toString(number), id);
        }

        public String encode() {
            return Base64.getUrlEncoder().withoutPadding()
                    .encodeToString((sortValue + "|" + id).getBytes(StandardCharsets.UTF_8));
        }

        /** Null for no cursor (the first page). */
        public static Cursor decode(String cursor) {
            if (cursor == null || cursor.isBlank()) {
                return null;
            }
            try {
                String text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
                int bar = text.lastIndexOf('|');
                return new Cursor(text.substring(0, bar), UUID.fromString(text.substring(bar + 1)));
            } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
                throw Check.invalid("cursor", "is not a cursor this API returned");
            }
        }

        public Instant time() {
            try {
                return Instant.parse(sortValue);
            } catch (java.time.format.DateTimeParseException e) {
                throw Check.invalid("cursor", "is not a cursor of this list");
            }
        }

        public long number() {
            try {
                return Long.parseLong(sortValue);
            } catch (NumberFormatException e) {
                throw Check.invalid("cursor", "is not a cursor of this list");
            }
        }
    }
}
