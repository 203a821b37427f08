package io.guidestream.app;

import io.guidestream.config.AppConfig;
import io.guidestream.config.ConfigLoader;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One run of {@code Main}: the validated configuration and the arguments left for the command. Every command, like
 * {@code serve}, is built from the same document: defaults, the file of {@code --config FILE} (or
 * {@code GUIDESTREAM_CONFIG}), the environment, and the flags of {@link ConfigLoader#FLAGS} ({@code --models},
 * {@code --runs}, {@code --data}), which are taken out of the arguments here, the one place that applies them.
 *
 * @param config the validated configuration
 * @param args   the arguments without {@code --config} and the flags above ({@code args[0]} is the command)
 */
record Invocation(AppConfig config, String[] args) {
    static Invocation parse(String[] args, Map<String, String> env) throws IOException {
        List<String> rest = new ArrayList<>();
        Map<String, String> flags = new LinkedHashMap<>();
        Path file = null;
        for (int i = 0; i < args.length; i++) {
            boolean ours = i > 0 && (args[i].equals("--config") || ConfigLoader.FLAGS.containsKey(args[i]));
            if (!ours) {
                rest.add(args[i]);
                continue;
            }
            if (i + 1 >= args.length) throw new IllegalArgumentException(args[i] + " needs a value");
            if (args[i].equals("--config")) file = Path.of(args[i + 1]);
            else flags.put(args[i], args[i + 1]);
            i++;
        }
        String envFile = env.get("GUIDESTREAM_CONFIG");
        if (file == null && envFile != null && !envFile.isBlank()) file = Path.of(envFile);
        return new Invocation(ConfigLoader.load(file, env, flags), rest.toArray(String[]::new));
    }

    /** For commands called from tests: the process's environment. */
    static Invocation of(String[] args) throws IOException {
        return parse(args, System.getenv());
    }
}
