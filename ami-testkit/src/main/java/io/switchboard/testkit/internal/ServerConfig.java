package io.switchboard.testkit.internal;

import io.switchboard.ami.Packet;
import io.switchboard.testkit.pbx.CallEngine;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Everything a FakeAsterisk server is built with, immutable.
 *
 * @param accounts       manager users
 * @param commandOutputs scripted CLI outputs, keyed by {@link #normalizeCommand}
 * @param loginDelay     wait before answering a failed login (Asterisk: 1 s)
 * @param port           port to bind (0 = ephemeral)
 * @param engineFactory  builds the call engine from the broadcast sink; null = no engine
 * @param replay         transcript to replay instead of the live server; null = live
 */
public record ServerConfig(List<Account> accounts, Map<String, List<String>> commandOutputs, Duration loginDelay,
                           int port, Function<Consumer<Packet>, CallEngine> engineFactory, Transcript replay) {
    public ServerConfig {
        accounts = List.copyOf(accounts);
        commandOutputs = Map.copyOf(commandOutputs);
    }

    /** The account with this name, compared case-insensitively as Asterisk does, or null. */
    public Account account(String username) {
        if (username == null) {
            return null;
        }
        for (Account a : accounts) {
            if (a.username().equalsIgnoreCase(username)) {
                return a;
            }
        }
        return null;
    }

    /** A CLI command with runs of blanks collapsed, as the Asterisk CLI tokenizes it. */
    public static String normalizeCommand(String command) {
        return command.strip().replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
    }
}
