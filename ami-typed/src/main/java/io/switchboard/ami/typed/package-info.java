/**
 * The typed layer over {@code io.switchboard.ami}: a class per action and event that Asterisk 22 documents,
 * generated at build time from the AMI catalog ({@code src/main/catalog}) by {@code switchboard-codegen}.
 *
 * <ul>
 *   <li>Events ({@code io.switchboard.ami.typed.events}): {@link io.switchboard.ami.typed.TypedEvents#of} gives
 *       the view of any {@link io.switchboard.ami.Event}; undocumented events come back as
 *       {@link io.switchboard.ami.typed.UnknownEvent}, never dropped. Views copy nothing and keep every header
 *       readable. Channel and bridge blocks are {@link io.switchboard.ami.typed.ChannelSnapshot} and
 *       {@link io.switchboard.ami.typed.BridgeSnapshot}.</li>
 *   <li>Actions ({@code io.switchboard.ami.typed.actions}): {@code XxxAction.builder()...build()} gives an
 *       {@link io.switchboard.ami.Action}; required parameters are checked in {@code build()}.</li>
 *   <li>Value rules: {@link io.switchboard.ami.typed.HeaderValues}; a value of the wrong type is a
 *       {@link io.switchboard.ami.typed.MalformedHeaderException} from the accessor, never from decoding.</li>
 * </ul>
 */
package io.switchboard.ami.typed;
