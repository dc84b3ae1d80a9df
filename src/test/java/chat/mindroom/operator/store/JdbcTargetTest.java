package chat.mindroom.operator.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class JdbcTargetTest {

    @Test
    void jdbcUrlsPassThroughWithSeparateCredentials() {
        JdbcTarget t = JdbcTarget.parse("jdbc:postgresql://db:5432/operator", "op", "secret");
        assertThat(t.jdbcUrl()).isEqualTo("jdbc:postgresql://db:5432/operator");
        assertThat(t.user()).contains("op");
        assertThat(t.password()).contains("secret");
    }

    @Test
    void postgresUrlsAreTranslatedAndCarryCredentials() {
        JdbcTarget t = JdbcTarget.parse("postgres://op:p%40ss@db.internal:6432/operator?sslmode=require", null, null);
        assertThat(t.jdbcUrl()).isEqualTo("jdbc:postgresql://db.internal:6432/operator?sslmode=require");
        assertThat(t.user()).contains("op");
        assertThat(t.password()).contains("p@ss");
        JdbcTarget explicit = JdbcTarget.parse("postgresql://op:x@db/operator", "other", "y");
        assertThat(explicit.user()).contains("other");
        assertThat(explicit.password()).contains("y");
        assertThat(explicit.jdbcUrl()).isEqualTo("jdbc:postgresql://db/operator");
    }

    @Test
    void secretsNeverReachTheLoggedUrl() {
        JdbcTarget t = JdbcTarget.parse("jdbc:postgresql://db/op?user=a&password=hunter2", null, null);
        assertThat(t.redactedUrl()).doesNotContain("hunter2").contains("password=***");
    }

    @Test
    void otherSchemesAreRefused() {
        assertThatThrownBy(() -> JdbcTarget.parse("mysql://db/op", null, null))
                .hasMessageContaining("DATABASE_URL must start with");
    }
}
