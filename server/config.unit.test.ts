import { describe, expect, it } from "vitest";
import { loadConfig, parseDuration } from "./config.js";

describe("configuration parsing", () => {
  it("reads durations with a unit, and plain numbers as seconds", () => {
    expect(parseDuration("250ms")).toBe(250);
    expect(parseDuration("90")).toBe(90_000);
    expect(parseDuration(" 30m ")).toBe(1_800_000);
    expect(parseDuration("24h")).toBe(86_400_000);
    expect(parseDuration("2d")).toBe(172_800_000);
    for (const bad of ["", "1.5h", "-1s", "10w", "h"]) expect(() => parseDuration(bad), bad).toThrow(/invalid duration/);
  });

  it("defaults as the README documents", () => {
    const c = loadConfig({});
    expect(c.port).toBe(3000);
    expect(c.tokenTtlMs).toBe(86_400_000);
    expect(c.webhookDeadlineMs).toBe(2000);
  });
});
