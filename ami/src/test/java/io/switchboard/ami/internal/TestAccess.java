package io.switchboard.ami.internal;

/** Exposes package-private helpers to tests in other packages. */
public final class TestAccess {
    private TestAccess() {
    }

    public static String md5(String text) {
        return Md5.hex(text);
    }
}
