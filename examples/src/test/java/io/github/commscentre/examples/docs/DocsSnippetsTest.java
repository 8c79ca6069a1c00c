package io.github.commscentre.examples.docs;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every Java block in README.md and docs/*.md is, character for character, a tagged region of a class in this
 * module, or of the Spring Boot starter's sample host, which the build compiles (and the modules' tests run). A block says where it comes from with
 * {@code <!-- snippet: ClassName#tag -->} on the line before it. The only exceptions are blocks that need Spring,
 * marked {@code <!-- not compiled: needs Spring ... -->}, whose plain-JPA equivalent is compiled instead.
 */
class DocsSnippetsTest {

    /**
     * Reference pages written alongside their modules (the JPA adapter's, the email channel's, reliability,
     * benchmarks) show short illustrative fragments, not whole compilable statements; their own modules' tests cover
     * what they describe. Every other page is held to the rule. Their links are still checked by {@link DocsLinksTest}.
     */
    private static final Set<String> MODULE_REFERENCE_PAGES =
            Set.of("jpa-adapter.md", "reliability.md", "benchmarks.md");

    private static final Pattern SNIPPET = Pattern.compile("<!-- snippet: (\\w+)#([\\w-]+) -->");
    private static final Pattern NOT_COMPILED = Pattern.compile("<!-- not compiled: needs Spring.*-->");

    @Test
    void everyJavaBlockIsCompiledCode() {
        List<String> problems = new ArrayList<>();
        int compared = 0;
        for (Path page : Markdown.pages()) {
            if (MODULE_REFERENCE_PAGES.contains(page.getFileName().toString())) {
                continue;
            }
            for (Markdown.CodeBlock block : Markdown.codeBlocks(page)) {
                if (!block.language().equals("java")) {
                    continue;
                }
                String where = Markdown.root().relativize(page) + ":" + block.line();
                if (NOT_COMPILED.matcher(block.lineBefore()).matches()) {
                    continue;
                }
                Matcher m = SNIPPET.matcher(block.lineBefore());
                if (!m.matches()) {
                    problems.add(where + ": a java block without <!-- snippet: Class#tag --> before it");
                    continue;
                }
                Optional<String> region = region(m.group(1), m.group(2));
                if (region.isEmpty()) {
                    problems.add(where + ": no region " + m.group(2) + " in " + m.group(1) + ".java");
                } else if (!region.get().equals(block.code())) {
                    problems.add(where + ": differs from " + m.group(1) + "#" + m.group(2) + "; the compiled code is:\n"
                            + region.get());
                }
                compared++;
            }
        }
        assertThat(problems).isEmpty();
        assertThat(compared).as("java blocks compared").isGreaterThanOrEqualTo(12);
    }

    @Test
    void everyTaggedRegionIsShownSomewhere() {
        Set<String> shown = new HashSet<>();
        for (Path page : Markdown.pages()) {
            for (String line : Markdown.lines(page)) {
                Matcher m = SNIPPET.matcher(line.trim());
                if (m.matches()) {
                    shown.add(m.group(1) + "#" + m.group(2));
                }
            }
        }
        Set<String> tagged = new HashSet<>();
        for (Path source : sources()) {
            String name = source.getFileName().toString().replace(".java", "");
            Matcher m = Pattern.compile("(?m)^\\s*// tag::([\\w-]+)\\[]\\s*$").matcher(read(source));
            while (m.find()) {
                tagged.add(name + "#" + m.group(1));
            }
        }
        assertThat(shown).as("regions shown in the docs").containsAll(tagged);
    }

    @Test
    void springBlocksAreTheOnlyUncompiledOnes() {
        long spring = Markdown.pages().stream()
                .filter(p -> !MODULE_REFERENCE_PAGES.contains(p.getFileName().toString()))
                .flatMap(p -> Markdown.codeBlocks(p).stream())
                .filter(b -> NOT_COMPILED.matcher(b.lineBefore()).matches())
                .peek(b -> assertThat(b.code()).as("%s:%d", b.file(), b.line()).containsPattern("@(Bean|Service|Transactional|Configuration)"))
                .count();
        assertThat(spring).isPositive();
    }

    /** The text between {@code // tag::name[]} and {@code // end::name[]}, de-indented, as the page must show it. */
    static Optional<String> region(String className, String tag) {
        for (Path source : sources()) {
            if (!source.getFileName().toString().equals(className + ".java")) {
                continue;
            }
            List<String> lines = List.of(read(source).split("\n", -1));
            int start = -1;
            for (int i = 0; i < lines.size(); i++) {
                if (lines.get(i).trim().equals("// tag::" + tag + "[]")) {
                    start = i + 1;
                } else if (start >= 0 && lines.get(i).trim().equals("// end::" + tag + "[]")) {
                    List<String> body = lines.subList(start, i);
                    int indent = body.stream().filter(l -> !l.isBlank())
                            .mapToInt(l -> l.length() - l.stripLeading().length()).min().orElse(0);
                    return Optional.of(body.stream()
                            .map(l -> l.isBlank() ? "" : l.substring(indent).stripTrailing())
                            .collect(Collectors.joining("\n")) + "\n");
                }
            }
        }
        return Optional.empty();
    }

    /**
     * This module's sources, and the sample host and hand wiring in the Spring Boot starter's tests (docs/spring-boot.md
     * and integrating.md show them; the starter's tests start them as real Boot applications, which this module,
     * without Spring, cannot).
     */
    private static List<Path> sources() {
        List<Path> sources = new ArrayList<>();
        for (String folder : List.of("examples/src", "spring-boot-starter/src/test/java/io/github/commscentre/boot/sample",
                "spring-boot-starter/src/test/java/io/github/commscentre/boot/manual")) {
            try (Stream<Path> files = Files.walk(Markdown.root().resolve(folder))) {
                files.filter(p -> p.toString().endsWith(".java")).forEach(sources::add);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return sources;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
