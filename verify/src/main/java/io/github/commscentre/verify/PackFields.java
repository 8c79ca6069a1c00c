package io.github.commscentre.verify;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The typed fields of a parsed pack: a value of the wrong type or a missing one fails with an exception, which the
 * verifier reports as a malformed pack rather than a verified one.
 */
final class PackFields {

    private PackFields() {
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object value) {
        return (Map<String, Object>) Objects.requireNonNull(value);
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> maps(Object value) {
        return (List<Map<String, Object>>) Objects.requireNonNull(value);
    }

    @SuppressWarnings("unchecked")
    static List<String> strings(Object value) {
        List<Object> list = (List<Object>) Objects.requireNonNull(value);
        List<String> out = new ArrayList<>();
        for (Object o : list) {
            String s = (String) o;
            if (s.length() != 64 || !s.matches("[0-9a-f]{64}")) {
                throw new IllegalArgumentException("a proof hash that is not 64 hex digits");
            }
            out.add(s);
        }
        return out;
    }

    static String str(Object value) {
        return (String) Objects.requireNonNull(value);
    }

    static long num(Object value) {
        return (Long) Objects.requireNonNull(value);
    }
}
