/**
 * Conditional range requests on recording files (RFC 9110 §13.1.5). @fastify/send gives every file a
 * weak ETag and honours an If-Range by substring match, so a weak tag got a 206. Recording files are
 * written once under a fresh name and never change, so their size-and-mtime tag is a strong validator:
 * we send it strong and decide If-Range ourselves.
 */

/** The file's strong entity tag: the same size and mtime @fastify/send puts in its weak one. */
export function strongEtag(file: { size: number; mtime: Date }): string {
  return `"${file.size.toString(16)}-${file.mtime.getTime().toString(16)}"`;
}

/**
 * Whether a Range may be answered with a part: no If-Range, an entity tag that strongly matches, or
 * exactly the Last-Modified date. A weak tag never strongly matches, so the whole file is sent.
 */
export function rangeApplies(ifRange: string | undefined, file: { size: number; mtime: Date }): boolean {
  if (ifRange === undefined) return true;
  const v = ifRange.trim();
  if (v.startsWith("W/")) return false;
  if (v.startsWith('"')) return v === strongEtag(file);
  const at = Date.parse(v);
  return !Number.isNaN(at) && at === Date.parse(file.mtime.toUTCString());
}
