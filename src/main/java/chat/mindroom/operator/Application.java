package chat.mindroom.operator;

import chat.mindroom.operator.ctl.Mindroomctl;
import io.micronaut.runtime.Micronaut;
import java.util.Arrays;

/**
 * Starts the operator: HTTP API, desired-state store and the reconcile loop. {@code ctl ...} runs
 * the mindroomctl client instead, before (and without) Micronaut.
 */
public final class Application {

    private Application() {
    }

    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals("ctl")) {
            System.exit(Mindroomctl.run(Arrays.copyOfRange(args, 1, args.length), System.out, System.err,
                    System.in, System.getenv()));
        }
        Micronaut.build(args)
                .mainClass(Application.class)
                .banner(false)
                .start();
    }
}
