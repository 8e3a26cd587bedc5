import type { Compilable, CompiledQuery, Kysely } from "kysely";
import type { Schema } from "./schema.js";

/**
 * A query built and compiled once, then run with new parameter values. Building a Kysely query
 * costs more than running a small indexed lookup, so the queries of every authenticated request are
 * prepared like this. `build` receives placeholder values; each placeholder must appear in the
 * compiled parameters exactly where the real value belongs.
 */
export function prepared<A extends readonly unknown[], R>(arity: A["length"], build: (q: Kysely<Schema>, ...args: A) => Compilable<R>) {
  const markers = Array.from({ length: arity }, (_, i) => `\u0000orgdeck-param-${i}\u0000`);
  const compiled = new WeakMap<Kysely<Schema>, { query: CompiledQuery<R>; slots: number[] }>();
  function compile(q: Kysely<Schema>) {
    let c = compiled.get(q);
    if (!c) {
      const query = build(q, ...(markers as unknown as A)).compile();
      const slots = query.parameters.map((p) => markers.indexOf(p as string));
      if (slots.filter((s) => s >= 0).length !== arity) throw new Error("prepared query: every argument must appear once as a parameter");
      c = { query, slots };
      compiled.set(q, c);
    }
    return c;
  }
  return {
    async first(q: Kysely<Schema>, ...args: A): Promise<R | undefined> {
      const { query, slots } = compile(q);
      const parameters = query.parameters.map((p, i) => (slots[i]! >= 0 ? args[slots[i]!] : p));
      const { rows } = await q.executeQuery<R>({ ...query, parameters });
      return rows[0];
    },
  };
}
