/** A CSV cell: text, or null for an empty cell. */
export type CsvCell = string | null;

/** First characters that make a spreadsheet evaluate a cell as a formula (OWASP "CSV Injection"). */
const FORMULA_START = /^[=+\-@\t\r]/;
/** 1 at the codes FORMULA_START matches (all below 65): most text starts otherwise, and skips the regexes. */
const FORMULA_FIRST = Uint8Array.from({ length: 65 }, (_, code) => ('=+-@\t\r'.includes(String.fromCharCode(code)) ? 1 : 0));

/** A plain negative number (`-4097`, `-10.5`): a spreadsheet reads it as a number, not a formula (as defusedcsv). */
const NEGATIVE_NUMBER = /^-\d+(?:[.,]\d+)*$/;

/**
 * Prefixes formula bait with a single quote, so Excel, LibreOffice and Sheets show it as text. Plain negative
 * numbers are left alone, so discounts stay numbers.
 */
export function neutralize(text: string): string {
  const first = text.charCodeAt(0);
  if (first > 64 || FORMULA_FIRST[first] !== 1) return text;
  return FORMULA_START.test(text) && !NEGATIVE_NUMBER.test(text) ? `'${text}` : text;
}

/**
 * A JSON value as a CSV cell: null and absent are empty, booleans `true`/`false`, numbers as JSON writes them
 * (never neutralized: a number is not a formula), arrays and objects as their JSON. Text is neutralized unless `rawCells`.
 */
export function toCell(value: unknown, rawCells: boolean): CsvCell {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return rawCells ? value : neutralize(value);
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  const json = JSON.stringify(value);
  return rawCells ? json : neutralize(json);
}
