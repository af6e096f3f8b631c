package dev.crmmigrate.load;

import dev.crmmigrate.stage.StagedTable;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.spark.sql.Row;
import org.postgresql.copy.CopyIn;
import scala.collection.Seq;
import scala.jdk.javaapi.CollectionConverters;

/** Encodes staged rows in PostgreSQL's COPY CSV format: every value quoted, NULL as an unquoted empty field. */
public final class CopyWriter {
    private final ByteArrayOutputStream buf = new ByteArrayOutputStream(1 << 20);
    private final StringBuilder line = new StringBuilder(512);

    /** Appends one row, prefixed with the partition number (none when it is negative). */
    public void append(int partition, Row row, List<StagedTable.Col> cols) {
        line.setLength(0);
        if (partition >= 0) {
            line.append(partition);
        }
        for (int i = 0; i < cols.size(); i++) {
            if (i > 0 || partition >= 0) {
                line.append(',');
            }
            if (row.isNullAt(i)) {
                continue;
            }
            Object v = row.get(i);
            String text;
            if (v instanceof Timestamp ts) {
                text = ts.toInstant().toString();
            } else if (v instanceof Seq<?> seq) {
                text = arrayLiteral(CollectionConverters.asJava(seq));
            } else if (v instanceof List<?> list) {
                text = arrayLiteral(list);
            } else {
                text = v.toString();
            }
            quote(text);
        }
        line.append('\n');
        byte[] b = line.toString().getBytes(StandardCharsets.UTF_8);
        buf.write(b, 0, b.length);
    }

    private void quote(String s) {
        line.append('"');
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (ch == '"') {
                line.append('"');
            }
            line.append(ch);
        }
        line.append('"');
    }

    /** A PostgreSQL array literal: every element double-quoted, backslash and quote escaped. */
    static String arrayLiteral(List<?> items) {
        StringBuilder b = new StringBuilder("{");
        for (int i = 0; i < items.size(); i++) {
            if (i > 0) {
                b.append(',');
            }
            Object o = items.get(i);
            if (o == null) {
                b.append("NULL");
            } else {
                b.append('"')
                        .append(o.toString().replace("\\", "\\\\").replace("\"", "\\\""))
                        .append('"');
            }
        }
        return b.append('}').toString();
    }

    /**
     * Streams rows into an open COPY in 1 MiB chunks and ends it; see {@link #send}.
     *
     * @param partition written as the first field, or nothing when negative
     * @param started   called once the COPY is open, before the first row is sent (a fault-injection point)
     * @return the rows sent
     */
    public static long stream(
            CopyIn in, int partition, Iterator<Row> rows, List<StagedTable.Col> cols, Runnable started)
            throws SQLException {
        return send(in, blocks(partition, rows, cols), started);
    }

    /**
     * Sends encoded blocks into an open COPY and ends it; a failure cancels the COPY so the connection's transaction
     * can roll back.
     *
     * @return the rows the server copied
     */
    public static long send(CopyIn in, Iterator<byte[]> blocks, Runnable started) throws SQLException {
        try {
            started.run();
            while (blocks.hasNext()) {
                byte[] b = blocks.next();
                in.writeToCopy(b, 0, b.length);
            }
            return in.endCopy();
        } finally {
            if (in.isActive()) {
                try {
                    in.cancelCopy();
                } catch (SQLException ignored) {
                    // The connection is already broken; the error that broke it is the one to report.
                }
            }
        }
    }

    /**
     * The rows as COPY CSV text in blocks of about 1 MiB, produced lazily. Run on the executors for a COPY stream on
     * the
     * driver, the encoding is done in parallel and the driver only forwards bytes.
     *
     * @param partition written as the first field, or nothing when negative
     */
    public static Iterator<byte[]> blocks(int partition, Iterator<Row> rows, List<StagedTable.Col> cols) {
        return new Iterator<>() {
            private final CopyWriter w = new CopyWriter();

            @Override
            public boolean hasNext() {
                return rows.hasNext() || w.size() > 0;
            }

            @Override
            public byte[] next() {
                while (rows.hasNext() && w.size() <= (1 << 20)) {
                    w.append(partition, rows.next(), cols);
                }
                if (w.size() == 0) {
                    throw new NoSuchElementException();
                }
                return w.drain();
            }
        };
    }

    public int size() {
        return buf.size();
    }

    public byte[] drain() {
        byte[] out = buf.toByteArray();
        buf.reset();
        return out;
    }
}
