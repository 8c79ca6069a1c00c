package io.github.commscentre.examples.docs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** Reads the README and the pages under docs/ the way GitHub renders them, for the docs tests. */
final class Markdown {

    /** A fenced code block: its language, its text, and the last non-blank line before the fence. */
    record CodeBlock(Path file, int line, String language, String code, String lineBefore) {
    }

    private static final Pattern FENCE = Pattern.compile("^(\\s*)(```+|~~~+)\\s*([\\w-]*).*$");
    private static final Pattern HEADING = Pattern.compile("^#{1,6}\\s+(.*?)\\s*#*\\s*$");

    private Markdown() {
    }

    /** @return the repository's root: the nearest directory up from here holding README.md and docs/ */
    static Path root() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null) {
            if (Files.isRegularFile(dir.resolve("README.md")) && Files.isDirectory(dir.resolve("docs"))) {
                return dir;
            }
            dir = dir.getParent();
        }
        throw new IllegalStateException("no README.md with a docs/ directory above " + Path.of("").toAbsolutePath());
    }

    /** @return README.md and every Markdown file directly under docs/ */
    static List<Path> pages() {
        Path root = root();
        List<Path> pages = new ArrayList<>();
        pages.add(root.resolve("README.md"));
        try (Stream<Path> docs = Files.list(root.resolve("docs"))) {
            docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(pages::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return pages;
    }

    static List<String> lines(Path file) {
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<CodeBlock> codeBlocks(Path file) {
        List<String> lines = lines(file);
        List<CodeBlock> blocks = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            Matcher open = FENCE.matcher(lines.get(i));
            if (!open.matches()) {
                continue;
            }
            String fence = open.group(2);
            String before = "";
            for (int j = i - 1; j >= 0; j--) {
                if (!lines.get(j).isBlank()) {
                    before = lines.get(j).trim();
                    break;
                }
            }
            StringBuilder code = new StringBuilder();
            int j = i + 1;
            while (j < lines.size() && !lines.get(j).trim().startsWith(fence)) {
                code.append(lines.get(j)).append('\n');
                j++;
            }
            blocks.add(new CodeBlock(file, i + 1, open.group(3), code.toString(), before));
            i = j;
        }
        return blocks;
    }

    /** @return the lines outside fenced code blocks, with their 1-based line numbers */
    static Map<Integer, String> prose(Path file) {
        Map<Integer, String> prose = new java.util.LinkedHashMap<>();
        List<String> lines = lines(file);
        String fence = null;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            Matcher m = FENCE.matcher(line);
            if (fence == null && m.matches()) {
                fence = m.group(2);
            } else if (fence != null && line.trim().startsWith(fence)) {
                fence = null;
            } else if (fence == null) {
                prose.put(i + 1, line);
            }
        }
        return prose;
    }

    /** @return the anchors GitHub gives the headings of a page, duplicates numbered -1, -2, ... */
    static Set<String> anchors(Path file) {
        Set<String> anchors = new LinkedHashSet<>();
        Map<String, Integer> seen = new HashMap<>();
        for (String line : prose(file).values()) {
            Matcher m = HEADING.matcher(line);
            if (m.matches()) {
                String slug = slug(m.group(1));
                int n = seen.merge(slug, 1, Integer::sum) - 1;
                anchors.add(n == 0 ? slug : slug + "-" + n);
            }
        }
        return anchors;
    }

    /**
     * GitHub's rule: the heading's text (link targets and inline code markers dropped), lower-cased, every
     * character that is not a letter, a digit, a space, a hyphen or an underscore removed, spaces turned into hyphens.
     */
    static String slug(String heading) {
        String text = heading.replaceAll("\\[([^\\]]*)]\\([^)]*\\)", "$1");
        StringBuilder slug = new StringBuilder();
        text.toLowerCase(Locale.ROOT).codePoints().forEach(c -> {
            if (Character.isLetterOrDigit(c) || c == '-' || c == '_') {
                slug.appendCodePoint(c);
            } else if (c == ' ') {
                slug.append('-');
            }
        });
        return slug.toString();
    }
}
