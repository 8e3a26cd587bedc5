import { describe, expect, it } from "vitest";
import { loadConfig, parseDuration } from "./config.js";

describe("configuration parsing", () => {
  it("reads durations with a unit, and plain numbers as seconds", () => {
    expect(parseDuration("250ms")).toBe(250);
    expect(parseDuration("90")).toBe(90_000);
    expect(parseDuration(" 30m ")).toBe(1_800_000);
    expect(parseDuration("24h")).toBe(86_400_000);
    expect(parseDuration("2d")).toBe(172_800_000);
    for (const bad of ["", "1.5h", "-1s", "10w", "h"])
      expect(() => parseDuration(bad), bad).toThrow(/invalid duration/);
  });

  it("defaults as the README documents", () => {
    const c = loadConfig({});
    expect(c.port).toBe(3000);
    expect(c.tokenTtlMs).toBe(86_400_000);
    expect(c.webhookDeadlineMs).toBe(2000);
    expect(c.eventRetrySchedule).toEqual([5000, 300_000, 1_800_000, 7_200_000, 18_000_000, 36_000_000, 36_000_000]);
  });

  it("reads the thumbnail interval and concurrency, naming the variable when one is bad", () => {
    expect(loadConfig({}).thumbnailIntervalMs).toBe(10_000);
    expect(loadConfig({}).thumbnailConcurrency).toBe(2);
    const c = loadConfig({ ORGDECK_THUMBNAIL_INTERVAL: "2s", ORGDECK_THUMBNAIL_CONCURRENCY: "4" });
    expect([c.thumbnailIntervalMs, c.thumbnailConcurrency]).toEqual([2000, 4]);
    for (const bad of ["10x", "", "500ms"])
      expect(() => loadConfig({ ORGDECK_THUMBNAIL_INTERVAL: bad }), bad).toThrow(
        /^invalid configuration: ORGDECK_THUMBNAIL_INTERVAL: /,
      );
    // 0: this instance takes no captures (others do).
    expect(loadConfig({ ORGDECK_THUMBNAIL_CONCURRENCY: "0" }).thumbnailConcurrency).toBe(0);
    for (const bad of ["-1", "1.5", "two", "65"])
      expect(() => loadConfig({ ORGDECK_THUMBNAIL_CONCURRENCY: bad }), bad).toThrow(
        /^invalid configuration: ORGDECK_THUMBNAIL_CONCURRENCY: /,
      );
  });

  it("reads the event retry schedule and names the variable when it is bad", () => {
    expect(loadConfig({ ORGDECK_EVENT_RETRY_SCHEDULE: "1s,2s,4s" }).eventRetrySchedule).toEqual([1000, 2000, 4000]);
    for (const bad of ["1s,,2s", "5", "1.5s", "8d"]) {
      expect(() => loadConfig({ ORGDECK_EVENT_RETRY_SCHEDULE: bad }), bad).toThrow(
        /^invalid configuration: ORGDECK_EVENT_RETRY_SCHEDULE: /,
      );
    }
  });

  it("defaults the playout URL to the public host on port 8080 and names ORGDECK_PLAYOUT_URL when it is bad", () => {
    expect(loadConfig({}).playoutUrl).toBe("http://localhost:8080");
    expect(loadConfig({ PUBLIC_URL: "https://deck.example.com/app" }).playoutUrl).toBe("http://deck.example.com:8080");
    expect(loadConfig({ ORGDECK_PLAYOUT_URL: "https://play.example.com/" }).playoutUrl).toBe(
      "https://play.example.com",
    );
    expect(loadConfig({ ORGDECK_PLAYOUT_URL: "https://cdn.example.com/live/" }).playoutUrl).toBe(
      "https://cdn.example.com/live",
    );
    for (const bad of ["play.example.com", "ftp://play.example.com", "https://a.example.com/?x=1", "https://u:p@a.b"]) {
      expect(() => loadConfig({ ORGDECK_PLAYOUT_URL: bad }), bad).toThrow(
        /^invalid configuration: ORGDECK_PLAYOUT_URL: /,
      );
    }
  });
});
