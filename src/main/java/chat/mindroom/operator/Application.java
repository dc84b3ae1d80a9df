package chat.mindroom.operator;

import io.micronaut.runtime.Micronaut;

/** Starts the operator: HTTP API, desired-state store and (in later stages) the reconcile loop. */
public final class Application {

    private Application() {
    }

    public static void main(String[] args) {
        Micronaut.build(args)
                .mainClass(Application.class)
                .banner(false)
                .start();
    }
}
