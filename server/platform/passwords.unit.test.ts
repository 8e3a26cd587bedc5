import { describe, expect, it } from "vitest";
import { ARGON2_TEST_PARAMS, createPasswordHasher, isCommonPassword } from "./passwords.js";

describe("password hashing", () => {
  it("hashes with argon2id m=19 MiB, t=2, p=1 and verifies only the right password", async () => {
    const hasher = createPasswordHasher();
    const hashed = await hasher.hash("correct horse battery");
    expect(hashed).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(await hasher.verify(hashed, "correct horse battery")).toEqual({ ok: true, needsRehash: false });
    expect(await hasher.verify(hashed, "correct horse batterx")).toEqual({ ok: false, needsRehash: false });
    expect(await hasher.verify("not a hash", "x")).toEqual({ ok: false, needsRehash: false });
  });

  it("asks to rehash a correct password whose hash has other parameters than its own", async () => {
    const cheap = await createPasswordHasher(2, 64, ARGON2_TEST_PARAMS).hash("correct horse battery");
    expect(cheap).toMatch(/^\$argon2id\$v=19\$m=8,t=1,p=1\$/);
    expect(await createPasswordHasher().verify(cheap, "correct horse battery")).toEqual({
      ok: true,
      needsRehash: true,
    });
    expect(await createPasswordHasher(2, 64, ARGON2_TEST_PARAMS).verify(cheap, "correct horse battery")).toEqual({
      ok: true,
      needsRehash: false,
    });
  });

  it("refuses beyond its queue at once with 503 instead of piling up work", async () => {
    const hasher = createPasswordHasher(1, 1, ARGON2_TEST_PARAMS);
    const results = await Promise.allSettled([hasher.hash("a"), hasher.hash("b"), hasher.hash("c")]);
    expect(results.map((r) => r.status)).toEqual(["fulfilled", "fulfilled", "rejected"]);
    expect((results[2] as PromiseRejectedResult).reason).toMatchObject({ status: 503 });
  });

  it("knows the most common passwords, whatever their case", () => {
    expect(isCommonPassword("password")).toBe(true);
    expect(isCommonPassword("PassWord")).toBe(true);
    expect(isCommonPassword("a perfectly good passphrase")).toBe(false);
  });
});
