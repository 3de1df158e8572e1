import { inspect } from 'node:util';

const MASK = '***';

/**
 * A value that must never be printed: toString, toJSON, util.inspect and template strings all give '***'.
 * Only `reveal()` gives the value, and only the code that sets an HTTP header or encrypts the vault calls it.
 */
export class Secret {
  readonly #value: string;

  constructor(value: string) {
    this.#value = value;
  }

  reveal(): string {
    return this.#value;
  }

  get isEmpty(): boolean {
    return this.#value.length === 0;
  }

  toString(): string {
    return MASK;
  }

  toJSON(): string {
    return MASK;
  }

  [Symbol.toPrimitive](): string {
    return MASK;
  }

  [inspect.custom](): string {
    return MASK;
  }
}
