import { keepPreviousData } from "@tanstack/react-query";
import type { OperationInput, OperationOutput } from "../../../lib/api.ts";
import { useOperation } from "../../../lib/operations.ts";

export type Job = OperationOutput<"jobs.list">[number];
export type JobStatus = Job["status"];
export type Schedule = OperationOutput<"schedules.list">[number];

export function useJobs(input: OperationInput<"jobs.list">) {
  return useOperation("jobs.list", input, { placeholderData: keepPreviousData });
}

export function useSchedules() {
  return useOperation("schedules.list");
}
