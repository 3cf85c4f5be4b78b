// A column written with its table's name, for correlated subqueries inside drizzle's `sql`.
// Drizzle renders `${table.column}` unqualified ("id") when the outer query has no join, and
// inside a subquery an unqualified "id" resolves to the subquery's own table: the comparison
// then matches nothing (how /hr/roles once showed 0 % and 0 people for every role).
import { getTableName, sql, type Column } from "drizzle-orm";

export function qualified(column: Column) {
  return sql`${sql.identifier(getTableName(column.table))}.${sql.identifier(column.name)}`;
}
