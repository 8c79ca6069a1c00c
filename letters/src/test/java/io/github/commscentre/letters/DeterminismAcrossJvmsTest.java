package io.github.commscentre.letters;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The same letters render to the same bytes in this JVM, again in it, and in another JVM started with another locale,
 * time zone, default charset and garbage collector: the SHA-256 recorded in the audit trail when a letter is posted
 * must match the letter rendered again years later.
 */
class DeterminismAcrossJvmsTest {

    @Test
    void sameDigestsTwiceHereAndInAnotherJvm() throws IOException, InterruptedException {
        List<String> here = RenderDigests.digests();
        assertThat(RenderDigests.digests()).isEqualTo(here);

        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "-Xmx256m", "-XX:+UseSerialGC",
                "-Duser.language=de", "-Duser.country=AT", "-Duser.timezone=Pacific/Chatham",
                "-Dfile.encoding=ISO-8859-1", "-Dorg.slf4j.simpleLogger.defaultLogLevel=error",
                "-cp", System.getProperty("java.class.path"), RenderDigests.class.getName())
                .redirectErrorStream(true).start();
        String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        assertThat(child.waitFor(120, TimeUnit.SECONDS)).as("the child JVM finished").isTrue();
        assertThat(child.exitValue()).as(output).isZero();

        assertThat(output.lines().toList()).isEqualTo(here);
        assertThat(here).hasSize(5).allMatch(line -> line.matches("[a-z-]+ [0-9a-f]{64}"));
    }
}
