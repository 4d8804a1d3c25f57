import { readFileSync, writeFileSync } from "node:fs";

// The kernel's high-water mark of a process's RSS (Linux /proc): exact, and it also sees the
// seconds in which PGlite's engine holds the event loop, which a timer sampling
// process.memoryUsage() on the main thread misses.

type Pid = number | "self";

function statusKib(pid: Pid, field: string): number {
  const kib = new RegExp(`^${field}:\\s+(\\d+) kB$`, "m").exec(
    readFileSync(`/proc/${pid}/status`, "utf8"),
  )?.[1];
  if (!kib) throw new Error(`no ${field} in /proc/${pid}/status (Linux only)`);
  return Number(kib);
}

/** A process's peak RSS in bytes since start, or since the last resetPeakRss(). */
export function peakRss(pid: Pid = "self"): number {
  return statusKib(pid, "VmHWM") * 1024;
}

/** A process's RSS in bytes now. */
export function currentRss(pid: Pid = "self"): number {
  return statusKib(pid, "VmRSS") * 1024;
}

/** Starts a new peak at the current RSS (writing 5 to clear_refs, Linux ≥ 4.0). */
export function resetPeakRss(pid: Pid = "self"): void {
  writeFileSync(`/proc/${pid}/clear_refs`, "5");
}
