/**
 * One generated builder class per documented AMI action of Asterisk 22 ({@code OriginateAction},
 * {@code CommandAction}, ...), plus the hand-written parts that need logic: {@link
 * io.switchboard.ami.typed.actions.CommandOutput} and Originate's rules.
 */
package io.switchboard.ami.typed.actions;
