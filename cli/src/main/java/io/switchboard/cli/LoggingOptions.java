package io.switchboard.cli;

import picocli.CommandLine.Option;

/**
 * {@code -v/--verbose}: raises the slf4j-simple level from WARN (see {@code simplelogger.properties}) to INFO,
 * or DEBUG when given twice. slf4j-simple reads its configuration once, when the first logger is made, and
 * system properties win over the file; options are parsed before any library class logs, so setting the
 * property here is early enough in a fresh process.
 */
final class LoggingOptions {
    static final String LEVEL_PROPERTY = "org.slf4j.simpleLogger.defaultLogLevel";

    @Option(names = {"-v", "--verbose"}, description = "Show the library's log: once for INFO, twice for DEBUG.")
    void verbose(boolean[] flags) {
        System.setProperty(LEVEL_PROPERTY, flags.length > 1 ? "debug" : "info");
    }
}
