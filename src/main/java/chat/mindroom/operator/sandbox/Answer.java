package chat.mindroom.operator.sandbox;

import java.nio.charset.StandardCharsets;

/** What the simulated {@code dokku} prints and returns for one command. */
record Answer(int exit, byte[] stdout, String stderr) {

    static Answer ok(String stdout) {
        return new Answer(0, stdout.getBytes(StandardCharsets.UTF_8), "");
    }

    static Answer ok(String stdout, String stderr) {
        return new Answer(0, stdout.getBytes(StandardCharsets.UTF_8), stderr);
    }

    static Answer fail(int exit, String stderr) {
        return new Answer(exit, new byte[0], stderr);
    }

    static Answer fail(int exit, String stdout, String stderr) {
        return new Answer(exit, stdout.getBytes(StandardCharsets.UTF_8), stderr);
    }

    /** Dokku's failure line: a space, a bang, five spaces, the message, on stderr. */
    static String bang(String message) {
        return " !     " + message + "\n";
    }
}
