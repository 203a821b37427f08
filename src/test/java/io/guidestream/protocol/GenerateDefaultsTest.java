package io.guidestream.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.guidestream.config.LimitsConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The web page's form ({@code webapp/js/defaults.js}, {@code GENERATE}) and the protocol page's {@code generate}
 * table (docs/PROTOCOL.md) state the defaults and ranges that {@link GenerateDefaults} holds; neither can drift
 * from it. The server's parser and the Java client read the table itself.
 */
class GenerateDefaultsTest {
    private static final Path DEFAULTS_JS = Path.of("webapp/js/defaults.js");
    private static final Path PROTOCOL = Path.of("docs/PROTOCOL.md");
    private static final LimitsConfig LIMITS = LimitsConfig.defaults();

    /** A setting's default and range; a null bound is one the page or the table does not state. */
    record Setting(Double value, Double min, Double max) {
    }

    /**
     * What the page must say, by its key in {@code GENERATE}. The page starts with 4 images and seed 42 (a page of
     * examples, not a request); the largest batch and step count are the configuration's defaults.
     */
    private static Map<String, Setting> page() {
        Map<String, Setting> m = new LinkedHashMap<>();
        m.put("batch", new Setting(4.0, (double) GenerateDefaults.BATCH_MIN, (double) LIMITS.maxBatch()));
        m.put("seed", new Setting(42.0, (double) GenerateDefaults.SEED_MIN, (double) GenerateDefaults.SEED_MAX));
        m.put("steps", new Setting((double) GenerateDefaults.STEPS, (double) GenerateDefaults.STEPS_MIN,
                (double) LIMITS.maxSteps()));
        m.put("eta", new Setting(GenerateDefaults.ETA, GenerateDefaults.ETA_MIN, GenerateDefaults.ETA_MAX));
        m.put("scale", new Setting(GenerateDefaults.SCALE, GenerateDefaults.SCALE_MIN, GenerateDefaults.SCALE_MAX));
        m.put("entropyFloor", new Setting(GenerateDefaults.ENTROPY_FLOOR, GenerateDefaults.ENTROPY_FLOOR_MIN,
                GenerateDefaults.ENTROPY_FLOOR_MAX));
        m.put("tailScale", new Setting(GenerateDefaults.TAIL_SCALE, GenerateDefaults.TAIL_SCALE_MIN,
                GenerateDefaults.TAIL_SCALE_MAX));
        m.put("tau", new Setting(GenerateDefaults.TAIL_TAU, GenerateDefaults.TAIL_TAU_MIN,
                GenerateDefaults.TAIL_TAU_MAX));
        m.put("tMin", new Setting(GenerateDefaults.TAIL_T_MIN, GenerateDefaults.TAIL_T_MIN_MIN,
                GenerateDefaults.TAIL_T_MIN_MAX));
        m.put("x0Lambda", new Setting(GenerateDefaults.X0_LAMBDA, GenerateDefaults.X0_LAMBDA_MIN,
                GenerateDefaults.X0_LAMBDA_MAX));
        m.put("previewEvery", new Setting((double) GenerateDefaults.PREVIEW_EVERY, null, null));
        return m;
    }

    /** What PROTOCOL.md's {@code generate} table must say, by field; a range's upper bound may name a limit. */
    private static Map<String, Setting> protocol() {
        Map<String, Setting> m = new LinkedHashMap<>();
        m.put("batch", new Setting((double) GenerateDefaults.BATCH, (double) GenerateDefaults.BATCH_MIN, null));
        m.put("sampler.steps", new Setting((double) GenerateDefaults.STEPS, (double) GenerateDefaults.STEPS_MIN, null));
        m.put("sampler.eta", new Setting(GenerateDefaults.ETA, GenerateDefaults.ETA_MIN, GenerateDefaults.ETA_MAX));
        m.put("guidance.scale", new Setting(GenerateDefaults.SCALE, GenerateDefaults.SCALE_MIN,
                GenerateDefaults.SCALE_MAX));
        m.put("guidance.entropyFloor", new Setting(GenerateDefaults.ENTROPY_FLOOR, GenerateDefaults.ENTROPY_FLOOR_MIN,
                GenerateDefaults.ENTROPY_FLOOR_MAX));
        m.put("guidance.tail.scale", new Setting(GenerateDefaults.TAIL_SCALE, GenerateDefaults.TAIL_SCALE_MIN,
                GenerateDefaults.TAIL_SCALE_MAX));
        m.put("guidance.tail.tau", new Setting(GenerateDefaults.TAIL_TAU, GenerateDefaults.TAIL_TAU_MIN,
                GenerateDefaults.TAIL_TAU_MAX));
        m.put("guidance.tail.tMin", new Setting(GenerateDefaults.TAIL_T_MIN, GenerateDefaults.TAIL_T_MIN_MIN,
                GenerateDefaults.TAIL_T_MIN_MAX));
        m.put("guidance.x0.lambda", new Setting(GenerateDefaults.X0_LAMBDA, GenerateDefaults.X0_LAMBDA_MIN,
                GenerateDefaults.X0_LAMBDA_MAX));
        m.put("preview.every", new Setting((double) GenerateDefaults.PREVIEW_EVERY,
                (double) GenerateDefaults.PREVIEW_EVERY_MIN, (double) GenerateDefaults.PREVIEW_EVERY_MAX));
        m.put("telemetry.every", new Setting((double) GenerateDefaults.TELEMETRY_EVERY,
                (double) GenerateDefaults.TELEMETRY_EVERY_MIN, (double) GenerateDefaults.TELEMETRY_EVERY_MAX));
        return m;
    }

    @Test
    void theWebPageStatesTheTablesDefaultsAndRanges() throws IOException {
        Map<String, Setting> stated = pageSettings(Files.readString(DEFAULTS_JS));
        assertEquals(new TreeMap<>(page()).keySet(), new TreeMap<>(stated).keySet(),
                "GENERATE's keys in defaults.js: a new one needs its line in page()");
        List<String> wrong = new ArrayList<>();
        page().forEach((key, expected) -> {
            if (!expected.equals(stated.get(key))) wrong.add(key + ": page " + stated.get(key) + ", table " + expected);
        });
        assertEquals(List.of(), wrong, "webapp/js/defaults.js against GenerateDefaults");
    }

    @Test
    void theProtocolPageStatesTheTablesDefaultsAndRanges() throws IOException {
        Map<String, Setting> stated = protocolSettings(Files.readString(PROTOCOL));
        List<String> wrong = new ArrayList<>();
        protocol().forEach((field, expected) -> {
            Setting s = stated.get(field);
            Setting comparable = s == null ? null
                    : new Setting(s.value(), s.min(), expected.max() == null ? null : s.max());
            if (!expected.equals(comparable)) wrong.add(field + ": PROTOCOL.md " + s + ", table " + expected);
        });
        assertEquals(List.of(), wrong, "docs/PROTOCOL.md's generate table against GenerateDefaults");
    }

    @Test
    void theParsersReadThePagesOwnNotation() {
        Map<String, Setting> s = pageSettings("export const GENERATE = {\n"
                + "  a: { value: 0.5, min: 1e-3, max: 2 ** 53 - 1 },\n  b: 7,\n};\n");
        assertEquals(new Setting(0.5, 0.001, (double) ((1L << 53) - 1)), s.get("a"));
        assertEquals(new Setting(7.0, null, null), s.get("b"));
        Map<String, Setting> p = protocolSettings("### Client → server\n| `x.y` | number | 0.3 | 0..1 | m |\n"
                + "| `z` | int | 1 (or more) | 1..`limits.maxBatch` (64) | m |\n### Server → client\n");
        assertEquals(new Setting(0.3, 0.0, 1.0), p.get("x.y"));
        assertEquals(new Setting(1.0, 1.0, null), p.get("z"));
    }

    /** {@code GENERATE}'s entries: {@code key: { value: v, min: a, max: b, … }} or {@code key: v}. */
    static Map<String, Setting> pageSettings(String js) {
        Matcher block = Pattern.compile("export const GENERATE = \\{(.*?)\\n\\};", Pattern.DOTALL).matcher(js);
        assertTrue(block.find(), "defaults.js exports GENERATE");
        Map<String, Setting> out = new LinkedHashMap<>();
        Matcher entry = Pattern.compile("^\\s*(\\w+): (\\{[^}]*\\}|[^,\\n]+),?$", Pattern.MULTILINE)
                .matcher(block.group(1));
        while (entry.find()) {
            String body = entry.group(2);
            out.put(entry.group(1), body.startsWith("{")
                    ? new Setting(jsNumber(body, "value"), jsNumber(body, "min"), jsNumber(body, "max"))
                    : new Setting(number(body), null, null));
        }
        return out;
    }

    private static Double jsNumber(String body, String key) {
        Matcher m = Pattern.compile("\\b" + key + ": ([^,}]+)").matcher(body);
        return m.find() ? number(m.group(1)) : null;
    }

    /** A number as the page writes it: a literal, or {@code 2 ** k - 1}. */
    private static double number(String text) {
        Matcher power = Pattern.compile("2 \\*\\* (\\d+) - 1").matcher(text.trim());
        if (power.matches()) return (double) ((1L << Integer.parseInt(power.group(1))) - 1);
        return Double.parseDouble(text.trim());
    }

    /**
     * The rows of the {@code generate} message's table: {@code | `field` | type | default | a..b | meaning |}. The
     * default is its leading number (none: null); a bound that is not a number (a limit's name) is null.
     */
    static Map<String, Setting> protocolSettings(String md) {
        int start = md.indexOf("### Client → server");
        String section = md.substring(start, md.indexOf("### Server → client", start));
        Map<String, Setting> out = new LinkedHashMap<>();
        Matcher row = Pattern.compile("^\\| `([\\w.]+)` \\| [^|]* \\| ([^|]*) \\| ([^|]*) \\|", Pattern.MULTILINE)
                .matcher(section);
        while (row.find()) {
            String[] range = row.group(3).trim().split("\\.\\.", 2);
            out.put(row.group(1), new Setting(leadingNumber(row.group(2)), leadingNumber(range[0]),
                    range.length > 1 ? leadingNumber(range[1]) : null));
        }
        return out;
    }

    private static Double leadingNumber(String text) {
        Matcher m = Pattern.compile("^[0-9]+(\\.[0-9]+)?$").matcher(text.trim().split(" ")[0]);
        return m.find() ? Double.valueOf(m.group()) : null;
    }
}
