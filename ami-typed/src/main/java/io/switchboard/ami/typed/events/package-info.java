/**
 * One generated class per documented AMI event of Asterisk 22 ({@code HangupEvent}, {@code DialBeginEvent},
 * ...), named as in Asterisk's docs; {@code NAME} holds the spelling on the wire ({@code Newexten} for
 * {@code NewExtenEvent}). Each is a thin view over an {@link io.switchboard.ami.Event}.
 */
package io.switchboard.ami.typed.events;
