/** Common choices; any ISO 4217 code or BCP 47 tag the workspace already has is kept too. */
export const CURRENCIES = [
  "USD",
  "EUR",
  "GBP",
  "CHF",
  "CAD",
  "AUD",
  "NZD",
  "JPY",
  "SEK",
  "NOK",
  "DKK",
  "PLN",
  "CZK",
  "HUF",
  "INR",
  "SGD",
  "BRL",
  "MXN",
  "ZAR",
];

export const LOCALES = [
  "en-US",
  "en-GB",
  "en-AU",
  "en-CA",
  "en-IN",
  "de-DE",
  "de-CH",
  "fr-FR",
  "fr-CA",
  "es-ES",
  "it-IT",
  "nl-NL",
  "pt-BR",
  "sv-SE",
  "da-DK",
  "nb-NO",
  "pl-PL",
  "cs-CZ",
  "ja-JP",
];

export function withCurrent(list: string[], current: string): string[] {
  return list.includes(current) ? list : [current, ...list];
}

export function localeName(locale: string): string {
  try {
    return new Intl.DisplayNames([locale], { type: "language" }).of(locale) ?? locale;
  } catch {
    return locale;
  }
}
