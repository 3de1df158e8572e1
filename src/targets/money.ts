/** VTEX OMS money is integer cents of the order's currency ("Order total value in cents"). */
export function fromCents(cents: number, digits: number): string {
  const negative = cents < 0;
  const whole = Math.abs(Math.round(cents)).toString().padStart(digits + 1, '0');
  const value = digits === 0 ? whole : `${whole.slice(0, -digits)}.${whole.slice(-digits)}`;
  return negative ? `-${value}` : value;
}

/** A Pricing API decimal (not cents) as the targets write it: a dot, two decimals unless it has more. */
export function decimal(value: number | undefined): string {
  if (value === undefined) return '';
  const cents = value * 100;
  return Math.abs(cents - Math.round(cents)) < 1e-7 ? value.toFixed(2) : String(value);
}
