package dev.nonstop.spring.boot.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.ResultSet;
import java.util.UUID;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;

class SessionSchemaTest {

    @Test
    void eachDatabaseGetsSpringSessionsScript() {
        assertThat(SessionSchema.platform("H2")).isEqualTo("h2");
        assertThat(SessionSchema.platform("PostgreSQL")).isEqualTo("postgresql");
        assertThat(SessionSchema.platform("MariaDB")).isEqualTo("mysql");
        assertThat(SessionSchema.platform("MySQL")).isEqualTo("mysql");
        assertThat(SessionSchema.platform("Microsoft SQL Server")).isEqualTo("sqlserver");
        assertThatThrownBy(() -> SessionSchema.platform("Informix"))
                .hasMessageStartingWith("nonstop.session.jdbc.url: a Informix database (expected: H2,");
    }

    @Test
    void theTablesAreCreatedOnceAndFoundAfterwards() throws Exception {
        JdbcDataSource dataSource = new JdbcDataSource();
        dataSource.setURL("jdbc:h2:mem:schema-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");

        SessionSchema.ensure(dataSource);
        SessionSchema.ensure(dataSource); // a second instance starting: nothing to do, no error

        try (Connection connection = dataSource.getConnection();
                ResultSet tables = connection.getMetaData().getTables(null, null, "SPRING_SESSION%", null)) {
            int count = 0;
            while (tables.next()) {
                count++;
            }
            assertThat(count).isEqualTo(2);
        }
    }
}
