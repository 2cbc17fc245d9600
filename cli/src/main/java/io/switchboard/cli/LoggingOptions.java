package io.switchboard.cli;

import picocli.CommandLine.Option;

/**
 * {@code -v/--verbose}: raises the slf4j-simple levels (WARN, and ERROR for the client library; see
 * {@code simplelogger.properties}) to INFO, or DEBUG when given twice. slf4j-simple reads its configuration once, when the first logger is made, and
 * system properties win over the file; options are parsed before any library class logs, so setting the
 * property here is early enough in a fresh process.
 */
final class LoggingOptions {
    static final String LEVEL_PROPERTY = "org.slf4j.simpleLogger.defaultLogLevel";
    /** The client library's own level (ERROR in {@code simplelogger.properties}). */
    static final String LIBRARY_LEVEL_PROPERTY = "org.slf4j.simpleLogger.log.io.switchboard.ami";

    @Option(names = {"-v", "--verbose"}, description = "Show the library's log: once for INFO, twice for DEBUG.")
    void verbose(boolean[] flags) {
        String level = flags.length > 1 ? "debug" : "info";
        System.setProperty(LEVEL_PROPERTY, level);
        System.setProperty(LIBRARY_LEVEL_PROPERTY, level);
    }
}
