import { afterAll, beforeAll } from "vitest";
import {
  addMember,
  createOwner,
  createTestRuntime,
  type TestRuntime,
} from "../../../../test/support/runtime.ts";
import type { OperationOutput } from "../../../adapters/client.ts";
import { AppError } from "../../../platform/errors.ts";
import type { Caller } from "../../../platform/operations/execute.ts";
import { allocateTag, importCosts, logTime, PERIOD, projectFor } from "../invoicing.testkit.ts";

export type Detail = OperationOutput<"invoices.get">;

/** The AppError a call fails with; fails the test when the call succeeds. */
export async function refusal(run: Promise<unknown>): Promise<AppError> {
  try {
    await run;
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error("the call succeeded");
}

/** What an invoices test file starts from. */
export interface InvoicingKit {
  rt: TestRuntime;
  owner: Caller;
  member: Caller;
  acme: { id: string };
  /** The name the testkit gave Acme's project (its counter is shared by every file of a worker). */
  projectName: string;
  /** An operation as the caller (names and input unchecked: the tests send what users send). */
  call<T = Detail>(caller: Caller, name: string, input: unknown): Promise<T>;
}

/**
 * Hooks for an invoices test file: an owner and a member of "Invoicing Co", September 2024's
 * costs allocated to Acme and Globex by tag, and Acme (USD, 20 % tax, marked-up cloud, a
 * retainer) with a project whose billable time rounds up to 15 minutes. Read it inside tests.
 */
export function setupInvoicingTest(): InvoicingKit {
  const kit = {
    call: <T>(caller: Caller, name: string, input: unknown) =>
      kit.rt.as(caller, name as never, input as never) as Promise<T>,
  } as InvoicingKit;

  beforeAll(async () => {
    const rt = await createTestRuntime();
    kit.rt = rt;
    const o = await createOwner(rt, "invoices@example.com", "Invoicing Co");
    const owner = o.caller;
    const workspaceId = o.workspaceId;
    const ownerId = o.userId;
    const member = (await addMember(rt, workspaceId, "member@example.com", "member")).caller;
    await importCosts(rt, owner, [
      {
        day: "2024-09-03",
        billed: "60.00",
        service: "Amazon EC2",
        resource: "i-1",
        tags: { client: "acme" },
      },
      {
        day: "2024-09-04",
        billed: "40.00",
        service: "Amazon EC2",
        resource: "i-2",
        tags: { client: "acme" },
      },
      {
        day: "2024-09-04",
        billed: "20.00",
        service: "Amazon S3",
        resource: "b-1",
        tags: { client: "acme" },
      },
      {
        day: "2024-09-05",
        billed: "50.00",
        service: "Amazon EC2",
        resource: "i-9",
        tags: { client: "globex" },
      },
      { day: "2024-09-05", billed: "7.00", service: "Amazon EC2", resource: "i-0" },
    ]);
    await allocateTag(rt, owner, "acme", "acme");
    await allocateTag(rt, owner, "globex", "globex");
    const acme = (await rt.as(owner, "clients.create", {
      name: "Acme",
      legalName: "Acme GmbH",
      currency: "USD",
      billingAddress: {
        line1: "Hauptstraße 1",
        city: "Berlin",
        postalCode: "10115",
        country: "DE",
      },
      taxIds: [{ type: "eu_vat", value: "DE123456789" }],
      defaultTaxRate: "20",
      pricing: {
        cloud: { markupPercent: "20", overrides: [{ service: "Amazon S3", markupPercent: "10" }] },
        retainer: { amount: "500", description: "Monthly care plan" },
        hourly: { defaultRate: null },
      },
    })) as { id: string };
    const project = await projectFor(rt, workspaceId, acme.id, { mode: "up", minutes: 15 });
    // 1 h 30 min and 20 min (rounded up to 30 min): 2 h at 100.
    await logTime(rt, {
      workspaceId,
      userId: ownerId,
      projectId: project.id,
      startedAt: "2024-09-10T09:00:00Z",
      seconds: 5_400,
      rate: "100",
      currency: "USD",
    });
    await logTime(rt, {
      workspaceId,
      userId: ownerId,
      projectId: project.id,
      startedAt: "2024-09-11T09:00:00Z",
      seconds: 1_200,
      rate: "100",
      currency: "USD",
    });
    // Not billable, and outside the period: neither is billed.
    await logTime(rt, {
      workspaceId,
      userId: ownerId,
      projectId: project.id,
      startedAt: "2024-09-12T09:00:00Z",
      seconds: 3_600,
      rate: "100",
      billable: false,
    });
    await logTime(rt, {
      workspaceId,
      userId: ownerId,
      projectId: project.id,
      startedAt: "2024-10-01T09:00:00Z",
      seconds: 3_600,
      rate: "100",
    });
    Object.assign(kit, { owner, member, acme, projectName: project.name });
  });
  afterAll(async () => {
    await kit.rt?.close();
  });
  return kit;
}

/**
 * Acme's September invoice as the drafting cases leave it (the retainer re-priced to 450.005, a
 * domain renewal added without tax), issued on 2024-10-02: INV-2024-0001.
 */
export async function issueAcmeInvoice(kit: InvoicingKit): Promise<Detail> {
  const { call, owner, acme } = kit;
  const draft = await call(kit.member, "invoices.draft", { clientId: acme.id, ...PERIOD });
  await call(owner, "invoices.lines.update", { id: draft.lines[3]!.id, unitPrice: "450.005" });
  await call(owner, "invoices.lines.add", {
    invoiceId: draft.id,
    description: "Domain renewal",
    quantity: "3",
    unitPrice: "12.99",
    taxRate: "0",
  });
  return call(owner, "invoices.issue", { id: draft.id, issueDate: "2024-10-02" });
}
