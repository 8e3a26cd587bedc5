import { describe, expect, it } from "vitest";
import { z } from "zod";
import { completeDocument, nullableEnums } from "./openapi.js";

type Enums = { properties: { reason: { enum: unknown[] }; list: { items: { enum: unknown[] } } } };
type Doc = {
  paths: {
    "/x": { get: { responses: { 200: { content: { "text/plain": { schema: Enums["properties"]["reason"] } } } } } };
  };
};

describe("nullable enums in the OpenAPI document", () => {
  it("adds null to the enum of every nullable schema, however deep, and leaves the rest alone", () => {
    const converted = z.toJSONSchema(
      z.object({ reason: z.enum(["gone", "failing"]).nullable(), list: z.array(z.literal("x").nullable()) }),
      { target: "openapi-3.0" },
    );
    const fixed = nullableEnums(converted) as unknown as Enums;
    expect(fixed.properties.reason.enum).toEqual(["gone", "failing", null]);
    expect(fixed.properties.list.items.enum).toEqual(["x", null]);
    expect(nullableEnums({ type: "string", enum: ["a"] })).toEqual({ type: "string", enum: ["a"] });
    expect(nullableEnums({ nullable: true, enum: ["a", null] })).toEqual({ nullable: true, enum: ["a", null] });
  });

  it("is applied to the whole document, hand-written responses included", () => {
    const schema = { nullable: true, enum: ["OK"] };
    const doc = completeDocument("https://orgdeck.invalid")({
      openapiObject: { paths: { "/x": { get: { responses: { 200: { content: { "text/plain": { schema } } } } } } } },
    }) as unknown as Doc;
    expect(doc.paths["/x"].get.responses[200].content["text/plain"].schema.enum).toEqual(["OK", null]);
  });
});
