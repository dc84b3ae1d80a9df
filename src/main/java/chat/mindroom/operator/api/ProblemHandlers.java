package chat.mindroom.operator.api;

import chat.mindroom.operator.ErrorCode;
import chat.mindroom.operator.OperatorException;
import chat.mindroom.operator.document.DocumentException;
import chat.mindroom.operator.document.Excerpt;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import io.micronaut.http.server.exceptions.response.ErrorContext;
import io.micronaut.http.server.exceptions.response.ErrorResponseProcessor;
import jakarta.inject.Singleton;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Turns every error, ours or the framework's, into application/problem+json. */
final class ProblemHandlers {

    private static final Logger LOG = LoggerFactory.getLogger(ProblemHandlers.class);

    private ProblemHandlers() {
    }

    static Problem fromOperatorException(OperatorException e) {
        ErrorCode code = e.code();
        return switch (code) {
            case INVALID_SPEC -> new Problem(HttpStatus.UNPROCESSABLE_ENTITY, "validation-failed",
                    "The instance spec is not valid", e.getMessage(), e.fieldErrors());
            case NOT_FOUND -> Problem.of(HttpStatus.NOT_FOUND, "not-found", "No such instance", e.getMessage());
            case PRECONDITION_FAILED -> Problem.of(HttpStatus.PRECONDITION_FAILED, "precondition-failed",
                    "The instance changed since it was read", e.getMessage());
            case CONFLICT -> new Problem(HttpStatus.CONFLICT, "conflict", "The write conflicts with the current"
                    + " state", e.getMessage(), e.fieldErrors());
            case DATABASE_UNAVAILABLE -> Problem.of(HttpStatus.SERVICE_UNAVAILABLE, "database-unavailable",
                    "The desired-state database is unavailable", "the database failed; the request can be"
                            + " retried");
            case RENDER_FAILED -> Problem.of(HttpStatus.INTERNAL_SERVER_ERROR, "render-failed",
                    "The templates cannot render this instance", e.getMessage());
            case UNSAFE_ARGUMENT, APP_MISSING, ALREADY_EXISTS, NOT_LINKED, STILL_LINKED, PLUGIN_MISSING, NO_CHANGES,
                    SERVICE_MISSING, COMMAND_FAILED, TRANSPORT_FAILURE, TIMEOUT, HOST_KEY_REJECTED,
                    UNPARSEABLE_OUTPUT -> Problem.of(HttpStatus.BAD_GATEWAY, "dokku-failed",
                    "A Dokku host failed", e.getMessage());
        };
    }

    @Singleton
    @Produces(MediaTypes.PROBLEM)
    static final class OperatorExceptionHandler
            implements ExceptionHandler<OperatorException, HttpResponse<byte[]>> {

        @Override
        public HttpResponse<byte[]> handle(HttpRequest request, OperatorException exception) {
            if (exception.code().retryable()) {
                LOG.warn("{} {} failed: {}", request.getMethod(), request.getPath(), exception.getMessage());
            }
            MutableHttpResponse<byte[]> response = fromOperatorException(exception).toResponse(request.getPath());
            if (exception.code() == ErrorCode.DATABASE_UNAVAILABLE) {
                // Answered as soon as the pool gives up (database.connection-timeout); worth a retry soon.
                response.header(HttpHeaders.RETRY_AFTER, "1");
            }
            return response;
        }
    }

    @Singleton
    @Produces(MediaTypes.PROBLEM)
    static final class ProblemExceptionHandler implements ExceptionHandler<ProblemException, HttpResponse<byte[]>> {

        @Override
        public HttpResponse<byte[]> handle(HttpRequest request, ProblemException exception) {
            return exception.problem().toResponse(request.getPath());
        }
    }

    /** Replaces Micronaut's JSON error bodies (404 route, 405, 413, 415, bad parameters, ...). */
    @Singleton
    @Replaces(ErrorResponseProcessor.class)
    static final class ProblemErrorResponseProcessor implements ErrorResponseProcessor<byte[]> {

        @Override
        public MutableHttpResponse<byte[]> processResponse(ErrorContext context, MutableHttpResponse<?> base) {
            HttpStatus status = base.getStatus();
            String detail = context.getErrors().stream()
                    .map(e -> e.getPath().map(p -> p + ": ").orElse("") + e.getMessage())
                    .collect(Collectors.joining("; "));
            if (detail.isBlank()) {
                detail = status.getReason();
            }
            // Framework messages can quote the request (a parameter value); keep the answer small.
            detail = Excerpt.cut(detail, DocumentException.MAX_MESSAGE_LENGTH);
            if (status.getCode() >= 500) {
                context.getRootCause().ifPresent(cause -> LOG.error("{} {} failed", context.getRequest().getMethod(),
                        context.getRequest().getPath(), cause));
                detail = "internal error; see the operator's log";
            }
            String slug = switch (status.getCode()) {
                case 400 -> "bad-request";
                case 404 -> "not-found";
                case 405 -> "method-not-allowed";
                case 406 -> "not-acceptable";
                case 413 -> "body-too-large";
                case 415 -> "unsupported-media-type";
                default -> status.getCode() >= 500 ? "internal-error" : "http-" + status.getCode();
            };
            if (status.getCode() == 413) {
                detail = "request bodies are limited to " + InstanceController.MAX_BODY_BYTES + " bytes";
            }
            Problem problem = Problem.of(status, slug, status.getReason(), detail);
            @SuppressWarnings("unchecked")
            MutableHttpResponse<byte[]> response = (MutableHttpResponse<byte[]>) base;
            return response.contentType(MediaTypes.PROBLEM).body(problem.toJson(context.getRequest().getPath()));
        }
    }
}
