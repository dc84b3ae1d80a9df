package chat.mindroom.operator.store.jdbi;

import chat.mindroom.operator.ErrorCode;
import chat.mindroom.operator.OperatorException;
import java.util.function.Supplier;
import org.jdbi.v3.core.JdbiException;

/** Runs store work, turning a database failure into the operator's {@code DATABASE_UNAVAILABLE}. */
final class DatabaseCalls {

    private DatabaseCalls() {
    }

    static <T> T db(Supplier<T> work) {
        try {
            return work.get();
        } catch (JdbiException e) {
            throw new OperatorException(ErrorCode.DATABASE_UNAVAILABLE, "the database failed: " + e.getMessage(), e);
        }
    }
}
