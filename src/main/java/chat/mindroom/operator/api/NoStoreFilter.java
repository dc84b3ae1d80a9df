package chat.mindroom.operator.api;

import io.micronaut.http.HttpHeaders;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;

/** Every answer about credentials, errors included, says that no cache may keep it. */
@ServerFilter({"/api/v1/instances/*/credentials", "/api/v1/instances/*/credentials/**"})
final class NoStoreFilter {

    @ResponseFilter
    void noStore(MutableHttpResponse<?> response) {
        response.header(HttpHeaders.CACHE_CONTROL, "no-store");
        response.header(HttpHeaders.PRAGMA, "no-cache");
    }
}
