import countries from 'i18n-iso-countries';
import { parsePhoneNumberFromString } from 'libphonenumber-js';
import type { CountryCode } from 'libphonenumber-js';
import { text } from './staged-json.js';
import type { Doc } from './staged-json.js';

/** ISO 3166-1 alpha-2 from VTEX's alpha-3 (`BRA` -> `BR`); an alpha-2 passes; undefined when it does not map. */
export function countryCode(value: string): string | undefined {
  const code = value.trim().toUpperCase();
  if (code.length === 2 && countries.isValid(code)) return code;
  return code.length === 3 ? countries.alpha3ToAlpha2(code) : undefined;
}

/** The subdivision part of an ISO 3166-2 code (`BR-SP` -> `SP`), as Shopify's Province Code wants it. */
export function provinceCode(state: string): string {
  const trimmed = state.trim();
  const dash = /^[A-Za-z]{2}-([A-Za-z0-9]{1,3})$/.exec(trimmed);
  return (dash ? (dash[1] as string) : trimmed).toUpperCase();
}

/** E.164 (`+5511987654321`) when the number is dialable, reading national numbers in `country`; else undefined. */
export function e164(phone: string, country: string | undefined): string | undefined {
  const cleaned = phone.trim();
  if (cleaned === '') return undefined;
  const parsed = parsePhoneNumberFromString(cleaned, country as CountryCode | undefined);
  return parsed?.isValid() ? parsed.number : undefined;
}

/** VTEX keeps the house number apart: `street, number` (Brazilian practice). */
export function streetLine(address: Doc): string {
  const street = text(address.street).trim();
  const number = text(address.number).trim();
  return number === '' ? street : street === '' ? number : `${street}, ${number}`;
}

/** Splits a receiver name on its first space: Shopify has first and last names, VTEX one receiver name. */
export function splitName(name: string): { first: string; last: string } {
  const trimmed = name.trim();
  const space = trimmed.indexOf(' ');
  return space < 0 ? { first: trimmed, last: '' } : { first: trimmed.slice(0, space), last: trimmed.slice(space + 1).trim() };
}
