import { describe, expect, it } from "vitest";
import { TAG_MAX_LENGTH, TAGS_PER_STREAM_MAX } from "../../../contract/tag.js";
import { normaliseTags } from "./streams.service.js";

const refusal = (tags: unknown[]) => {
  try {
    normaliseTags(tags);
  } catch (err) {
    return (err as Error).message;
  }
  return null;
};

describe("tag normalisation", () => {
  it("trims, NFC-normalises and removes duplicates, keeping the first order", () => {
    expect(normaliseTags(["  sport ", "news", "sport", "Cafe\u0301", "Café"])).toEqual(["sport", "news", "Café"]);
    expect(normaliseTags([])).toEqual([]);
  });

  it("keeps case apart: tags are exact names", () => {
    expect(normaliseTags(["News", "news"])).toEqual(["News", "news"]);
  });

  it("refuses too many tags, naming the limit and the count", () => {
    const many = Array.from({ length: TAGS_PER_STREAM_MAX + 1 }, (_, i) => `t${i}`);
    expect(refusal(many)).toBe(`tags: at most ${TAGS_PER_STREAM_MAX} tags per stream (got ${TAGS_PER_STREAM_MAX + 1})`);
    expect(normaliseTags(many.slice(1))).toHaveLength(TAGS_PER_STREAM_MAX);
  });

  it("names the offending tag by position and a short printable preview", () => {
    const long = "x".repeat(TAG_MAX_LENGTH + 1);
    expect(refusal(["ok", long])).toBe(`tags: tag 2 "${"x".repeat(24)}…" must be at most ${TAG_MAX_LENGTH} characters`);
    expect(refusal(["ok", "  "])).toBe('tags: tag 2 "  " must not be empty');
    expect(refusal([5])).toBe("tags: tag 1 must be a string");
    expect(refusal(["a\u202eb"])).toMatch(/^tags: tag 1 "a\?b" contains control, bidi or invisible characters$/);
  });
});
