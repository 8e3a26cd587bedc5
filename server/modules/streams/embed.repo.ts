import type { Kysely } from "kysely";
import { prepared } from "../../db/prepared.js";
import type { Schema } from "../../db/schema.js";

// Prepared: every embed page load runs it, from anyone's browser.
const embeddable = prepared(1, (q, id: string) =>
  q
    .selectFrom("streams")
    .innerJoin("organisations", "organisations.id", "streams.org_id")
    .select(["streams.state", "organisations.packages", "organisations.disabled"])
    .where("streams.id", "=", id),
);

/** What the embed page needs to know of a stream id: whether it exists and its organisation's packages. */
export function findEmbeddable(q: Kysely<Schema>, id: string) {
  return embeddable.first(q, id);
}
