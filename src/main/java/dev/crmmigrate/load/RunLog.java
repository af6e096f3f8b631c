package dev.crmmigrate.load;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.crmmigrate.Errors;
import dev.crmmigrate.db.Database;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The owner of {@code migration_runs}: every run that wrote the CRM (an import, a follow-up), its status and its
 * planned and actual figures. No other class reads or writes the table with SQL of its own; the rollback's dependency
 * queries join it by {@link #TABLE}.
 */
public final class RunLog {
    public static final String TABLE = "migration_runs";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<Map<String, Long>> FIGURES = new TypeReference<>() {};

    private RunLog() {}

    /** A succeeded run: its id, its job and when it committed. */
    public record Run(String id, String job, Timestamp finished) {}

    /** The figures a committed run recorded. */
    public record Recorded(Map<String, Long> planned, Map<String, Long> actual) {}

    /** The newest succeeded run of each job (its planned vs actual is the meaningful one). */
    public static List<String> latestSucceeded(Database db) {
        List<String> out = new ArrayList<>();
        try (Connection c = db.open();
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT DISTINCT ON (job) run_id FROM " + TABLE
                        + " WHERE status = 'succeeded' ORDER BY job, finished_at DESC")) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        } catch (SQLException e) {
            throw Errors.database("reading " + TABLE, db.safeUrl(), e);
        }
        return out;
    }

    /** The planned and actual figures a committed run recorded; empty when the run has not been loaded. */
    public static Optional<Recorded> recorded(Database db, String runId) {
        try (Connection c = db.open();
                PreparedStatement ps = c.prepareStatement(
                        "SELECT coalesce(planned, '{}')::text, actual::text FROM " + TABLE + " WHERE run_id = ?")) {
            ps.setString(1, runId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new Recorded(
                        JSON.readValue(rs.getString(1), FIGURES), JSON.readValue(rs.getString(2), FIGURES)));
            }
        } catch (SQLException | IOException e) {
            throw Errors.runtime("reading %s for %s failed: %s", TABLE, runId, e.getMessage());
        }
    }

    /** The newest succeeded run of {@code job}; empty when it never ran. */
    public static Optional<String> newest(Connection c, String job) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT run_id FROM " + TABLE
                + " WHERE job = ? AND status = 'succeeded' ORDER BY finished_at DESC, run_id DESC LIMIT 1")) {
            ps.setString(1, job);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        }
    }

    /** How many times {@code job} succeeded. */
    public static long succeeded(Connection c, String job) throws SQLException {
        try (PreparedStatement ps =
                c.prepareStatement("SELECT count(*) FROM " + TABLE + " WHERE job = ? AND status = 'succeeded'")) {
            ps.setString(1, job);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** The succeeded run {@code runId}, or a clear error when there is none or it is not a succeeded one. */
    public static Run succeededRun(Connection c, String runId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT job, status, finished_at, rolled_back_at FROM " + TABLE + " WHERE run_id = ?")) {
            ps.setString(1, runId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw Errors.check(
                            "no run %s in %s; `crm-migrate verify` lists the newest run of each job", runId, TABLE);
                }
                if (!"succeeded".equals(rs.getString(2))) {
                    throw Errors.check(
                            "run %s is %s%s: only a succeeded run can be rolled back",
                            runId,
                            rs.getString(2),
                            rs.getTimestamp(4) == null
                                    ? ""
                                    : " (at " + rs.getTimestamp(4).toInstant() + ")");
                }
                return new Run(runId, rs.getString(1), rs.getTimestamp(3));
            }
        }
    }

    /** Records a load inside its transaction: committed with the rows it wrote, or not at all. */
    public static void recordLoad(
            Connection c,
            String runId,
            String job,
            Instant started,
            Map<String, Long> planned,
            Map<String, Long> actual)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + TABLE
                + " (run_id, job, started_at, status, planned, actual) "
                + "VALUES (?, ?, ?, 'succeeded', ?::jsonb, ?::jsonb)")) {
            ps.setString(1, runId);
            ps.setString(2, job);
            ps.setTimestamp(3, Timestamp.from(started));
            ps.setString(4, json(planned));
            ps.setString(5, json(actual));
            ps.executeUpdate();
        }
    }

    /** Records a follow-up that changed rows, inside its transaction; it finishes now. */
    public static void recordFollowup(
            Connection c, String runId, String job, Instant started, Map<String, Long> figures) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + TABLE + " (run_id, job, started_at, "
                + "finished_at, status, actual) VALUES (?, ?, ?, clock_timestamp(), 'succeeded', ?::jsonb)")) {
            ps.setString(1, runId);
            ps.setString(2, job);
            ps.setTimestamp(3, Timestamp.from(started));
            ps.setString(4, json(figures));
            ps.executeUpdate();
        }
    }

    /** Marks a run rolled back, inside the rollback's transaction. */
    public static void markRolledBack(Connection c, String runId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE " + TABLE + " SET status = 'rolled_back', rolled_back_at = now() WHERE run_id = ?")) {
            ps.setString(1, runId);
            ps.executeUpdate();
        }
    }

    /** SQL for the finished_at of the run bound as {@code :run} (read in the database: no time zone changes it). */
    public static String finishedOf(String runParameter) {
        return "(SELECT finished_at FROM " + TABLE + " WHERE run_id = " + runParameter + ")";
    }

    private static String json(Map<String, Long> figures) throws SQLException {
        try {
            return JSON.writeValueAsString(figures);
        } catch (JsonProcessingException e) {
            throw new SQLException("the run's figures could not be written as JSON: " + e.getMessage(), e);
        }
    }
}
