import { createHash } from "node:crypto";
import type { Compilable, CompiledQuery, Kysely } from "kysely";
import type { Schema } from "./schema.js";

/**
 * SQL texts of prepared queries, by the server-side statement name PostgreSQL keeps them under
 * (see database.ts): parsing and planning a query costs PostgreSQL more than running it.
 */
const statementNames = new Map<string, string>();
export function statementNameOf(sql: string): string | undefined {
  return statementNames.get(sql);
}

/**
 * A query built and compiled once, then run with new parameter values. Building a Kysely query
 * costs more than running a small indexed lookup, so the queries of every authenticated request are
 * prepared like this. `build` receives placeholder values; each must appear (once or more) in the
 * compiled parameters, where the real value belongs.
 */
export function prepared<A extends readonly unknown[], R>(
  arity: A["length"],
  build: (q: Kysely<Schema>, ...args: A) => Compilable<R>,
) {
  const markers = Array.from({ length: arity }, (_, i) => `\u0000orgdeck-param-${i}\u0000`);
  const compiled = new WeakMap<Kysely<Schema>, { query: CompiledQuery<R>; slots: number[] }>();
  function compile(q: Kysely<Schema>) {
    let c = compiled.get(q);
    if (!c) {
      const query = build(q, ...(markers as unknown as A)).compile();
      statementNames.set(query.sql, `od_${createHash("sha256").update(query.sql).digest("hex").slice(0, 24)}`);
      const index = new Map(markers.map((m, i) => [m, i]));
      const slots = query.parameters.map((p) => (typeof p === "string" ? (index.get(p) ?? -1) : -1));
      if (new Set(slots.filter((s) => s >= 0)).size !== arity)
        throw new Error("prepared query: every argument must appear as a parameter");
      c = { query, slots };
      compiled.set(q, c);
    }
    return c;
  }
  const execute = (q: Kysely<Schema>, args: A) => {
    const { query, slots } = compile(q);
    const parameters = query.parameters.map((p, i) => (slots[i]! >= 0 ? args[slots[i]!] : p));
    return q.executeQuery<R>({ ...query, parameters });
  };
  return {
    async first(q: Kysely<Schema>, ...args: A): Promise<R | undefined> {
      return (await execute(q, args)).rows[0];
    },
    async run(q: Kysely<Schema>, ...args: A): Promise<void> {
      await execute(q, args);
    },
  };
}

/**
 * A multi-row INSERT of exactly `rowsPerStatement` rows, compiled once; `insert` splits any number
 * of rows into such statements plus single-row ones for the rest. Every call then reuses the same
 * two SQL texts, so SQLite's statement cache keeps them prepared (a new row count would mean a new
 * statement of thousands of parameters to prepare).
 */
export function preparedInsert<T extends keyof Schema & string>(
  table: T,
  columns: ReadonlyArray<keyof Schema[T] & string>,
  rowsPerStatement: number,
) {
  const bulk = prepared(rowsPerStatement * columns.length, (q, ...values: unknown[]) =>
    q
      .insertInto(table)
      .values(
        Array.from({ length: rowsPerStatement }, (_, r) =>
          Object.fromEntries(columns.map((c, i) => [c, values[r * columns.length + i]])),
        ) as never,
      ),
  );
  const single = prepared(columns.length, (q, ...values: unknown[]) =>
    q.insertInto(table).values(Object.fromEntries(columns.map((c, i) => [c, values[i]])) as never),
  );
  return {
    async insert(q: Kysely<Schema>, rows: ReadonlyArray<Record<string, unknown>>): Promise<void> {
      let i = 0;
      for (; i + rowsPerStatement <= rows.length; i += rowsPerStatement) {
        await bulk.run(q, ...rows.slice(i, i + rowsPerStatement).flatMap((row) => columns.map((c) => row[c])));
      }
      for (; i < rows.length; i++) await single.run(q, ...columns.map((c) => rows[i]![c]));
    },
  };
}
