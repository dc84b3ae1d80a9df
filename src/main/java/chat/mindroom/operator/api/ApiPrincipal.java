package chat.mindroom.operator.api;

import static java.util.Objects.requireNonNull;

/** The caller behind a bearer token: its name (recorded as the actor of events) and scope. */
public record ApiPrincipal(String name, ApiScope scope) {

    public ApiPrincipal {
        requireNonNull(name, "name is null");
        requireNonNull(scope, "scope is null");
    }
}
