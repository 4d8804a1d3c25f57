// The registry seen as tools: what the agent, the MCP server and automations may call. Nothing
// here is hand-written per operation, so a module's new operations become tools on arrival.

import type { Db } from "../../../platform/db/database.ts";
import type { Operation } from "../../../platform/operations/define.ts";
import { jsonSchemaOf } from "../../../platform/operations/json-schema.ts";
import { type Role, roleHas } from "../../../platform/operations/permissions.ts";
import { operations, operationsByName } from "../../../registry.ts";
import { externalToolsOf } from "../toolsources/external-tools.ts";

export interface OperationTool {
  /** `costs.summary` → `costs_summary`: tool names allow no dots in most model APIs. */
  name: string;
  operation: Operation;
  description: string;
  /** JSON Schema of the input, from the operation's zod definition. */
  inputSchema: Record<string, unknown>;
  /** Reads change nothing and run without approval. */
  readOnly: boolean;
  /** Mutations that remove or irreversibly end something (MCP's destructiveHint). */
  destructive: boolean;
  /**
   * Set when the tool is a front for its operation (an imported tool behind toolsources.read
   * or .call): turns the model's arguments into the operation's input, which is what gets
   * validated, shown for approval and run.
   */
  operationInputOf?: (args: Record<string, unknown>) => unknown;
  /** What an approval request says the call does; the operation's summary when absent. */
  summary?: string;
}

/**
 * Operations no tool caller gets, whatever its role: identity, credentials and secrets stay with
 * people at the keyboard, so a prompt can never mint a token, invite a member or read the vault.
 * Approvals and MCP grants are people's decisions about tools, never tools themselves; imported
 * tool sources are offered as their own tools (ext_…), not through their operations.
 * Automations are standing decisions too (who they act as, which steps an admin pre-approved),
 * and a step that ran automations could loop: they are made by people, not by tools.
 */
const NOT_TOOLS =
  /^(auth|setup|tokens|users|invites|secrets|members|workspaces|demo|approvals|mcp|toolsources|agent|automations)\./;
/**
 * The agent's own settings (model, key, budget) are not the agent's to change or probe; query
 * translation calls the model itself, so as a tool it would only spend the budget twice.
 */
const NOT_TOOLS_EXACT = /^ai\.(settings\.|translateQuery$)/;

/** Verbs after which the thing acted on is gone or final. */
const DESTRUCTIVE = /^(delete|remove|void|revoke|purge|reset|cancel|credit|restore)/;

export function toolNameOf(operationName: string): string {
  return operationName.replaceAll(".", "_");
}

/** The operation name behind a tool name (operation names contain no underscores). */
export function operationNameOf(toolName: string): string {
  return toolName.replaceAll("_", ".");
}

function isToolable(op: Operation): boolean {
  if (["public", "user", "system"].includes(op.permission)) return false;
  // Uploads carry a file, not JSON: a tool cannot send one.
  if (op.upload) return false;
  return !NOT_TOOLS.test(op.name) && !NOT_TOOLS_EXACT.test(op.name);
}

function toTool(op: Operation): OperationTool {
  const verb = op.name.slice(op.name.lastIndexOf(".") + 1);
  return {
    name: toolNameOf(op.name),
    operation: op,
    description: op.description ? `${op.summary}\n\n${op.description}` : op.summary,
    inputSchema: jsonSchemaOf(op.input, "input"),
    readOnly: !op.mutates,
    destructive: op.mutates && DESTRUCTIVE.test(verb),
  };
}

let all: OperationTool[] | undefined;

/** Every operation that can be a tool, before any role is applied. */
export function allOperationTools(): OperationTool[] {
  all ??= (operations as readonly Operation[]).filter(isToolable).map(toTool);
  return all;
}

/** The tools a member of this role may call (the registry checks again on every call). */
export function operationToolsFor(role: Role): OperationTool[] {
  return allOperationTools().filter((tool) =>
    roleHas(role, tool.operation.permission as Parameters<typeof roleHas>[1]),
  );
}

export function operationToolNamed(name: string): OperationTool | undefined {
  return allOperationTools().find((tool) => tool.name === name);
}

/**
 * The workspace's imported tools (OpenAPI sources, external MCP servers) as agent tools: reads
 * through toolsources.read, everything else through toolsources.call, so approval, permission
 * and audit are the registry's as for any other tool.
 */
export async function externalToolsFor(db: Db, workspaceId: string, role: Role) {
  if (!roleHas(role, "toolsources:call")) return [];
  const read = operationsByName.get("toolsources.read") as Operation;
  const call = operationsByName.get("toolsources.call") as Operation;
  return (await externalToolsOf(db, workspaceId)).map(
    (tool): OperationTool => ({
      name: tool.name,
      operation: tool.readOnly ? read : call,
      description: tool.description,
      inputSchema: tool.inputSchema,
      readOnly: tool.readOnly,
      destructive: tool.destructive,
      operationInputOf: (args) => ({ ...tool.target, arguments: args }),
      summary: tool.title,
    }),
  );
}
