package dev.crmmigrate.load;

import java.sql.Array;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A statement with named parameters ({@code :name}) as JDBC takes it: one {@code ?} per parameter, in order, and every
 * literal {@code ?} (the jsonb "key exists" operator) escaped as {@code ??}, which pgjdbc sends as a single {@code ?}.
 * Quoted text ({@code '…'}, {@code "…"}) and casts ({@code ::type}) are left alone. Binding by counting {@code ?}
 * characters broke silently when a statement used a jsonb operator; a name that is not bound is an error here.
 *
 * @param jdbc  the statement for {@code prepareStatement}
 * @param names the parameter names, one per {@code ?} placeholder, in order
 */
public record NamedSql(String jdbc, List<String> names) {

    public static NamedSql parse(String sql) {
        StringBuilder out = new StringBuilder(sql.length() + 8);
        List<String> names = new ArrayList<>();
        char quote = 0;
        for (int i = 0; i < sql.length(); i++) {
            char ch = sql.charAt(i);
            if (quote != 0) {
                out.append(ch);
                if (ch == quote) {
                    quote = 0;
                }
            } else if (ch == '\'' || ch == '"') {
                quote = ch;
                out.append(ch);
            } else if (ch == '?') {
                out.append("??");
            } else if (ch == ':' && i + 1 < sql.length() && sql.charAt(i + 1) == ':') {
                out.append("::");
                i++;
            } else if (ch == ':' && i + 1 < sql.length() && isNameStart(sql.charAt(i + 1))) {
                int end = i + 1;
                while (end < sql.length() && (isNameStart(sql.charAt(end)) || Character.isDigit(sql.charAt(end)))) {
                    end++;
                }
                names.add(sql.substring(i + 1, end));
                out.append('?');
                i = end - 1;
            } else {
                out.append(ch);
            }
        }
        return new NamedSql(out.toString(), List.copyOf(names));
    }

    private static boolean isNameStart(char ch) {
        return ch == '_' || (ch >= 'a' && ch <= 'z');
    }

    /** Binds every parameter by its name; an array value is bound as an SQL array. */
    public void bind(PreparedStatement ps, Map<String, Object> values) throws SQLException {
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i);
            if (!values.containsKey(name)) {
                throw new IllegalArgumentException(
                        "statement parameter :" + name + " has no value; bound are " + values.keySet());
            }
            Object v = values.get(name);
            if (v instanceof Array a) {
                ps.setArray(i + 1, a);
            } else {
                ps.setObject(i + 1, v);
            }
        }
    }
}
