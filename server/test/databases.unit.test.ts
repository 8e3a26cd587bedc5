import { describe, expect, it } from "vitest";
import { testDialects } from "./databases.js";

describe("choosing the databases a test run uses", () => {
  it("tests both unless told otherwise", () => {
    expect(testDialects(undefined)).toEqual(["sqlite", "postgres"]);
    expect(testDialects("")).toEqual(["sqlite", "postgres"]);
    expect(testDialects("both")).toEqual(["sqlite", "postgres"]);
    expect(testDialects("sqlite")).toEqual(["sqlite"]);
    expect(testDialects("postgres")).toEqual(["postgres"]);
  });

  it("refuses a name it does not know rather than silently testing nothing", () => {
    expect(() => testDialects("mysql")).toThrow(/sqlite, postgres or both/);
  });
});
