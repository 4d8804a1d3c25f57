/**
 * An estimate (a float from the detector or the forecast) as the decimal string the API and the
 * numeric columns take. Rounded half away from zero at `places` (4 by default: a hundredth of
 * a cent, finer than any invoice line); never "-0".
 */
export function toDecimal(value: number, places = 4): string {
  if (!Number.isFinite(value)) throw new RangeError(`Not a finite amount: ${value}`);
  const scale = 10 ** places;
  // EPSILON nudges 1.00005 (stored as 1.0000499…) to round up, as its decimal reading would.
  const rounded =
    (Math.sign(value) * Math.round(Math.abs(value) * scale * (1 + Number.EPSILON))) / scale;
  const text = rounded.toFixed(places);
  return /^-0\.?0*$/.test(text) ? text.slice(1) : text;
}
