package io.switchboard.examples;

import io.switchboard.live.ConfigEdit;
import io.switchboard.live.ConfigFile;

/**
 * Edits one setting of a configuration file: reads the file ({@code GetConfig}), changes
 * {@code [category] key = value} ({@code UpdateConfig}), reloads the module, and prints the category before and
 * after.
 *
 * <p>Against a real Asterisk this changes a real file, so there {@code --category}, {@code --key} and
 * {@code --value} must all be given; the embedded PBX defaults to {@code pjsip.conf [bob] context = vip}.
 *
 * <pre>
 * java -cp ... io.switchboard.examples.EditConfig
 * SWITCHBOARD_SECRET=... java -cp ... io.switchboard.examples.EditConfig --host pbx --user admin \
 *     --file pjsip.conf --category bob --key context --value vip --reload res_pjsip.so
 * </pre>
 */
public final class EditConfig {
    private EditConfig() {
    }

    /** Runs the example. */
    public static void main(String[] args) throws Exception {
        try (ExamplePbx pbx = ExamplePbx.start(args)) {
            String fallback = pbx.embedded() ? "" : null;
            String file = pbx.option("file", "pjsip.conf");
            String category = pbx.option("category", fallback == null ? null : "bob");
            String key = pbx.option("key", fallback == null ? null : "context");
            String value = pbx.option("value", fallback == null ? null : "vip");
            String module = pbx.option("reload", "res_pjsip.so");
            if (category == null || key == null || value == null) {
                throw new IllegalArgumentException("on a real server give --category, --key and --value");
            }

            print("before", pbx.server().configFile(file), category);
            // One UpdateConfig with one edit, then a reload of the module so Asterisk applies the saved file.
            pbx.server().updateConfig(file, ConfigEdit.builder().update(category, key, value).reload(module).build());
            print("after", pbx.server().configFile(file), category);
        }
    }

    private static void print(String when, ConfigFile file, String category) {
        ConfigFile.Category c = file.category(category)
                .orElseThrow(() -> new IllegalArgumentException(file.name() + " has no [" + category + "]"));
        System.out.println(when + ": " + file.name() + " [" + c.name() + "]");
        for (ConfigFile.Line line : c.lines()) {
            System.out.println("    " + line.key() + " = " + line.value());
        }
    }
}
