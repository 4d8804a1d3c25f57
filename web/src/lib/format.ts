/** Formatters bound to a workspace's locale and currency; money arrives as decimal strings. */
export interface Formatters {
  locale: string;
  currency: string;
  /** An instant's date, in the viewer's zone. */
  date: (iso: string | null | undefined) => string;
  /** A calendar day (`YYYY-MM-DD`: a due date, an invoice date, a cost day) as written, in no zone. */
  day: (day: string | null | undefined) => string;
  dateTime: (iso: string | null | undefined) => string;
  relative: (iso: string | null | undefined) => string;
  number: (value: number) => string;
  money: (value: number | string) => string;
}

function safeLocale(locale: string): string {
  try {
    return Intl.getCanonicalLocales(locale)[0] ?? "en-US";
  } catch {
    return "en-US";
  }
}

const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ["year", 31_536_000],
  ["month", 2_592_000],
  ["week", 604_800],
  ["day", 86_400],
  ["hour", 3_600],
  ["minute", 60],
];

export function createFormatters(localeIn: string, currencyIn: string): Formatters {
  const locale = safeLocale(localeIn);
  const currency = /^[A-Z]{3}$/.test(currencyIn) ? currencyIn : "USD";
  const dateFmt = new Intl.DateTimeFormat(locale, { dateStyle: "medium" });
  const dayFmt = new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeZone: "UTC" });
  const dateTimeFmt = new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeStyle: "short" });
  const relFmt = new Intl.RelativeTimeFormat(locale, { numeric: "auto" });
  const numFmt = new Intl.NumberFormat(locale);
  const moneyFmt = new Intl.NumberFormat(locale, { style: "currency", currency });
  const parse = (iso: string | null | undefined) => {
    if (!iso) return undefined;
    const d = new Date(iso);
    return Number.isNaN(d.getTime()) ? undefined : d;
  };
  return {
    locale,
    currency,
    date: (iso) => {
      const d = parse(iso);
      return d ? dateFmt.format(d) : "—";
    },
    day: (day) => {
      const d =
        day && /^\d{4}-\d{2}-\d{2}/.test(day) ? parse(`${day.slice(0, 10)}T00:00:00Z`) : undefined;
      return d ? dayFmt.format(d) : "—";
    },
    dateTime: (iso) => {
      const d = parse(iso);
      return d ? dateTimeFmt.format(d) : "—";
    },
    relative: (iso) => {
      const d = parse(iso);
      if (!d) return "—";
      const seconds = (d.getTime() - Date.now()) / 1000;
      for (const [unit, size] of UNITS) {
        if (Math.abs(seconds) >= size) return relFmt.format(Math.round(seconds / size), unit);
      }
      return relFmt.format(0, "minute");
    },
    number: (value) => numFmt.format(value),
    // Display only: the decimal string is rounded by Intl to the currency's minor unit.
    money: (value) => moneyFmt.format(typeof value === "string" ? Number(value) : value),
  };
}

/** A span of time in words, to the minute: "3 d 4 h", "2 h 13 min", "35 min", "< 1 min". */
export function elapsed(seconds: number): string {
  const days = Math.floor(seconds / 86_400);
  const hours = Math.floor((seconds % 86_400) / 3_600);
  const minutes = Math.floor((seconds % 3_600) / 60);
  if (days > 0) return `${days} d ${hours} h`;
  if (hours > 0) return `${hours} h ${minutes} min`;
  return minutes > 0 ? `${minutes} min` : "< 1 min";
}
