import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { type Detail, issueAcmeInvoice, setupInvoicingTest } from "./invoices.testing.ts";

const kit = setupInvoicingTest();
const { call } = kit;
let issued: Detail;

beforeAll(async () => {
  issued = await issueAcmeInvoice(kit);
  // The client's record changes after issuing: the PDF shows the details frozen at issue.
  await call(kit.owner, "clients.update", { id: kit.acme.id, legalName: "Acme Holding GmbH" });
});

describe("an issued invoice's PDF", () => {
  it("renders a PDF that pdftoppm opens", async () => {
    const pdf = await call<{ fileName: string; base64: string }>(kit.owner, "invoices.pdf", {
      id: issued.id,
    });
    expect(pdf.fileName).toBe("INV-2024-0001.pdf");
    const bytes = Buffer.from(pdf.base64, "base64");
    expect(bytes.subarray(0, 5).toString()).toBe("%PDF-");
    const dir = mkdtempSync(path.join(tmpdir(), "gp-invoice-pdf-"));
    writeFileSync(path.join(dir, "invoice.pdf"), bytes);
    execFileSync("pdftoppm", [
      "-png",
      "-r",
      "50",
      path.join(dir, "invoice.pdf"),
      path.join(dir, "page"),
    ]);
    expect(readdirSync(dir).filter((f) => f.endsWith(".png"))).toHaveLength(1);
    const text = execFileSync("pdftotext", [path.join(dir, "invoice.pdf"), "-"]).toString();
    expect(text).toContain("INV-2024-0001");
    expect(text).toContain("Acme GmbH");
    expect(text).toContain("DE123456789");
    // A unit price keeps its third decimal; the line's net is rounded to the cent.
    expect(text).toContain("$450.005");
    expect(text).toContain("$450.01");
  });
});
