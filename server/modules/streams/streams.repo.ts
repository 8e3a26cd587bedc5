import type { Kysely } from "kysely";
import type { Schema } from "../../db/schema.js";

export async function insertStream(
  q: Kysely<Schema>,
  row: { id: string; org_id: string; name: string; state: string; created_at: number; updated_at: number },
  tags: readonly string[],
): Promise<void> {
  await q.insertInto("streams").values(row).execute();
  if (tags.length > 0) {
    await q
      .insertInto("stream_tags")
      .values(tags.map((tag) => ({ stream_id: row.id, org_id: row.org_id, tag })))
      .execute();
  }
}
