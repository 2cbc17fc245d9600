package io.switchboard.testkit.pbx;

/** Channel states as Asterisk numbers and names them ({@code ChannelState} / {@code ChannelStateDesc}). */
enum ChanState {
    DOWN(0, "Down"),
    RSRVD(1, "Rsrvd"),
    OFFHOOK(2, "OffHook"),
    DIALING(3, "Dialing"),
    RING(4, "Ring"),
    RINGING(5, "Ringing"),
    UP(6, "Up"),
    BUSY(7, "Busy");

    final int code;
    final String desc;

    ChanState(int code, String desc) {
        this.code = code;
        this.desc = desc;
    }
}
