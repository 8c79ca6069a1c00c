package io.github.commscentre.internal;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class CanonicalJsonTest {

    private static final String TRICKY = "quote\" backslash\\ nl\n cr\r tab\t bs\b ff\f ctl\u0001\u001f del\u007f "
            + "é ü 😀 \u2028 \u2029 \u202e rtl \u05d0\u05d1 combining e\u0301 <script>&amp;";

    @Test
    void sortsKeysAndWritesNoWhiteSpace() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("b", 2L);
        map.put("a", List.of("x", "y"));
        map.put("c", null);
        map.put("B", true);
        assertThat(CanonicalJson.encode(map)).isEqualTo("{\"B\":true,\"a\":[\"x\",\"y\"],\"b\":2,\"c\":null}");
    }

    @Test
    void escapesOnlyWhatJsonRequires() {
        assertThat(CanonicalJson.encode("a\"b\\c\nd\u0001é😀"))
                .isEqualTo("\"a\\\"b\\\\c\\nd\\u0001é😀\"");
    }

    @Test
    void writesInstantsWithExactlySixFractionDigitsAndUuidsInLowerCase() {
        assertThat(CanonicalJson.encode(Instant.parse("2026-11-27T09:12:08Z"))).isEqualTo("\"2026-11-27T09:12:08.000000Z\"");
        assertThat(CanonicalJson.encode(Instant.parse("2026-11-27T09:12:08.123456Z"))).isEqualTo("\"2026-11-27T09:12:08.123456Z\"");
        UUID id = UUID.fromString("0190A1B2-C3D4-7E5F-8A9B-0C1D2E3F4A5B");
        assertThat(CanonicalJson.encode(id)).isEqualTo("\"0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b\"");
    }

    /** The documented promise: an outsider's json.dumps produces byte-for-byte the same text. */
    @Test
    void matchesPythonJsonDumpsWhenPythonIsAvailable() throws Exception {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("zeta", TRICKY);
        map.put("alpha", List.of(TRICKY, "plain"));
        map.put("n", 42L);
        map.put("nested", Map.of("k\u00e9y", TRICKY, "a", "b"));
        String ours = CanonicalJson.encode(map);

        String python = "import json,sys\n"
                + "obj=json.loads(sys.stdin.buffer.read().decode('utf-8'))\n"
                + "sys.stdout.buffer.write(json.dumps(obj,sort_keys=True,separators=(',',':'),ensure_ascii=False).encode('utf-8'))\n";
        Process process;
        try {
            process = new ProcessBuilder("python3", "-c", python).start();
        } catch (IOException e) {
            assumeTrue(false, "python3 is not installed here; skipping the cross-check with json.dumps");
            return;
        }
        try (OutputStream in = process.getOutputStream()) {
            in.write(ours.getBytes(StandardCharsets.UTF_8));
        }
        byte[] output = readAll(process.getInputStream());
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isZero();
        assertThat(new String(output, StandardCharsets.UTF_8)).isEqualTo(ours);
    }

    private static byte[] readAll(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        in.transferTo(out);
        return out.toByteArray();
    }
}
