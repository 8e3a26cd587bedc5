import { expect, it } from "vitest";
import { describeEachDatabase } from "../test/harness.js";
import { createFailureLimiter } from "./rate-limit.js";

describeEachDatabase("failure counters", (server) => {
  it("count every one of 50 concurrent failures and block once the limit is reached", async () => {
    const s = server();
    const limiter = createFailureLimiter(s.database.db, s.clock, { max: 40, windowMs: 60_000, blockMs: 120_000 });
    const started = await Promise.all(Array.from({ length: 50 }, () => limiter.fail("concurrent")));
    const row = await s.database.db
      .selectFrom("rate_limits")
      .selectAll()
      .where("key", "=", "concurrent")
      .executeTakeFirstOrThrow();
    expect(Number(row.count)).toBe(50);
    // Exactly one failure, the 40th, started the block.
    expect(started.filter(Boolean)).toHaveLength(1);
    expect(await limiter.blockedFor("concurrent")).toBe(120);
  });

  it("start a fresh window once the old one is over, and forget a key on reset", async () => {
    const s = server();
    const limiter = createFailureLimiter(s.database.db, s.clock, { max: 3, windowMs: 60_000, blockMs: 60_000 });
    await limiter.fail("k");
    await limiter.fail("k");
    s.clock.advance(61_000);
    expect(await limiter.fail("k")).toBe(false); // the window restarted: this is failure 1 again
    expect(await limiter.blockedFor("k")).toBe(0);
    await limiter.fail("k");
    expect(await limiter.fail("k")).toBe(true);
    expect(await limiter.blockedFor("k")).toBe(60);
    await limiter.reset("k");
    expect(await limiter.blockedFor("k")).toBe(0);
  });
});
