import { describe, expect, it } from "vitest";
import { streamOpsFrom } from "./stream-states.js";

describe("stream operations by state", () => {
  it.each([
    ["created", ["lock", "delete"]],
    ["live", ["stop", "lock", "delete"]],
    ["ended", ["lock", "delete"]],
    ["locked", ["unlock", "delete"]],
    ["deleted", []],
  ] as const)("a %s stream offers %j", (state, ops) => {
    expect(streamOpsFrom(state)).toEqual(ops);
  });
});
