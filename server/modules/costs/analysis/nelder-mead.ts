interface Vertex {
  x: number[];
  f: number;
}

export interface MinimizeOptions {
  /** Size of the first simplex along each axis. */
  step?: number;
  maxIterations?: number;
  /** Stop once the best and worst vertex differ by less than this (relative). */
  tolerance?: number;
}

/**
 * Minimises `f` from `start` with the Nelder–Mead simplex method (Nelder & Mead 1965, with the
 * usual coefficients 1, 2, ½, ½): derivative-free, which suits the smoothing losses here; R's
 * `ets()` fits the same way through `optim`.
 */
export function minimizeNelderMead(
  f: (x: number[]) => number,
  start: readonly number[],
  { step = 1, maxIterations = 200 * start.length, tolerance = 1e-8 }: MinimizeOptions = {},
): Vertex {
  const evaluate = (x: number[]): Vertex => ({ x, f: f(x) });
  const simplex: Vertex[] = [evaluate([...start])];
  for (let i = 0; i < start.length; i++) {
    const x = [...start];
    x[i] = x[i]! + step;
    simplex.push(evaluate(x));
  }
  const along = (from: number[], to: number[], t: number) =>
    from.map((value, i) => value + t * (to[i]! - value));

  for (let iteration = 0; iteration < maxIterations; iteration++) {
    simplex.sort((a, b) => a.f - b.f);
    const best = simplex[0]!;
    const worst = simplex[simplex.length - 1]!;
    const secondWorst = simplex[simplex.length - 2]!;
    if (Math.abs(worst.f - best.f) <= tolerance * (Math.abs(best.f) + tolerance)) break;

    const others = simplex.slice(0, -1);
    const centroid = start.map(
      (_, i) => others.reduce((sum, vertex) => sum + vertex.x[i]!, 0) / others.length,
    );
    const reflected = evaluate(along(centroid, worst.x, -1));
    if (reflected.f < best.f) {
      const expanded = evaluate(along(centroid, worst.x, -2));
      simplex[simplex.length - 1] = expanded.f < reflected.f ? expanded : reflected;
    } else if (reflected.f < secondWorst.f) {
      simplex[simplex.length - 1] = reflected;
    } else {
      const outside = reflected.f < worst.f;
      const contracted = evaluate(along(centroid, outside ? reflected.x : worst.x, 0.5));
      if (contracted.f < Math.min(worst.f, reflected.f)) {
        simplex[simplex.length - 1] = contracted;
      } else {
        for (let i = 1; i < simplex.length; i++) {
          simplex[i] = evaluate(along(best.x, simplex[i]!.x, 0.5));
        }
      }
    }
  }
  simplex.sort((a, b) => a.f - b.f);
  return simplex[0]!;
}
