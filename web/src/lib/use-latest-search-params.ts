import { useCallback } from "react";
import { type SetURLSearchParams, useSearchParams } from "react-router";

/**
 * `useSearchParams`, whose setter hands a function the URL's parameters as they are now rather
 * than as this render saw them. The router writes a navigation to the address bar at once but
 * renders it in a React transition, which on a busy machine lands after the next click: a
 * change built from the render's `params` then undoes the one before it (a search cleared and
 * a level picked right after brought the old text back, its box still empty).
 * Pages that keep state in the URL change it through the function form.
 */
export function useLatestSearchParams(): [URLSearchParams, SetURLSearchParams] {
  const [params, setParams] = useSearchParams();
  const setLatest = useCallback<SetURLSearchParams>(
    (next, options) =>
      setParams(
        typeof next === "function" ? next(new URLSearchParams(window.location.search)) : next,
        options,
      ),
    [setParams],
  );
  return [params, setLatest];
}
