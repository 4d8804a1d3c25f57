import { readFileSync, writeFileSync } from "node:fs";

// The kernel's high-water mark of this process's RSS (Linux /proc): exact, and it also sees the
// seconds in which PGlite's engine holds the event loop, which a timer sampling
// process.memoryUsage() on the main thread misses.

/** This process's peak RSS in bytes since start, or since the last resetPeakRss(). */
export function peakRss(): number {
  const kib = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync("/proc/self/status", "utf8"))?.[1];
  if (!kib) throw new Error("no VmHWM in /proc/self/status (Linux only)");
  return Number(kib) * 1024;
}

/** Starts a new peak at the current RSS (writing 5 to clear_refs, Linux ≥ 4.0). */
export function resetPeakRss(): void {
  writeFileSync("/proc/self/clear_refs", "5");
}
