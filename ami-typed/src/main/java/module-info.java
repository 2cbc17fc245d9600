/**
 * The typed layer: a class per action and event that Asterisk 22 documents, as thin views over the packets of
 * {@code io.switchboard.ami}, generated at build time from the AMI catalog.
 *
 * <p>Exported: {@code io.switchboard.ami.typed} (event dispatch, the channel and bridge blocks, value rules),
 * {@code io.switchboard.ami.typed.events} and {@code io.switchboard.ami.typed.actions} (the generated classes).
 * {@code io.switchboard.ami} is required transitively because every view wraps its {@code Event} or builds its
 * {@code Action}. The code generator is a build-time tool and not a dependency of this module.
 */
module io.switchboard.ami.typed {
    requires transitive io.switchboard.ami;

    exports io.switchboard.ami.typed;
    exports io.switchboard.ami.typed.actions;
    exports io.switchboard.ami.typed.events;
}
