/**
 * yargs' own failure messages, reworded to say what is wrong in this tool's terms (the hint says what to do):
 * `Invalid values: Argument: format, Given: "xml", Choices: ...` becomes `--format "xml" is not one of ...`.
 * A message with no rule here passes through (errorLine adds the full stop).
 */
export function usageMessage(message: string, argv: readonly string[]): string {
  const text = message.replace(/\s+/g, ' ').trim();
  const named = (names: string) => names.split(', ').map((name) => (isOption(name, argv) ? dash(name) : `"${name}"`)).join(', ');
  for (const [pattern, reword] of RULES) {
    const match = pattern.exec(text);
    if (match) return reword(match, named);
  }
  return text;
}

type Reword = (match: RegExpExecArray, named: (names: string) => string) => string;

const RULES: ReadonlyArray<[RegExp, Reword]> = [
  [/^Unknown arguments?: (.+)$/, (m, named) => `Unknown ${m[0].startsWith('Unknown arguments') ? 'arguments' : 'argument'} ${named(m[1] ?? '')}`],
  [/^Did you mean (.+)\?$/, (m) => `Unknown command (did you mean "${m[1] ?? ''}"?)`],
  [/^Not enough non-option arguments: got (\d+), need at least (\d+)$/, (m) => `A required argument is missing (got ${m[1] ?? '0'}, need at least ${m[2] ?? '1'})`],
  [/^Too many non-option arguments: got (\d+), maximum of (\d+)$/, (m) => `Too many arguments (got ${m[1] ?? '?'}, at most ${m[2] ?? '?'})`],
  [/^Missing required arguments?: (.+)$/, (m) => `Missing required ${(m[1] ?? '').split(', ').map(dash).join(', ')}`],
  [/^Not enough arguments following: (.+)$/, (m) => `${dash(m[1] ?? '')} needs a value`],
  [/^Invalid values: (.+)$/, (m, named) => invalidValues(m[1] ?? '', named)],
];

/**
 * `Argument: format, Given: "xml", Choices: "csv", "json"` (one or more) -> `--format "xml" is not one of "csv",
 * "json"`. yargs lists every value given to an array argument; only those outside the choices are named.
 */
function invalidValues(list: string, named: (names: string) => string): string {
  const parts = [...list.matchAll(/Argument: ([\w-]+), Given: (.+?), Choices: (.+?)(?= Argument: |$)/g)];
  if (parts.length === 0) return `Invalid value: ${list}`;
  return parts
    .map(([, name = '', given = '', choices = '']) => {
      const allowed = new Set(choices.split(', '));
      const wrong = given.split(', ').filter((value) => !allowed.has(value));
      return `${named(name).replace(/^"(.*)"$/, '$1')} ${(wrong.length > 0 ? wrong : [given]).join(', ')} ${wrong.length > 1 ? 'are' : 'is'} not one of ${choices}`;
    })
    .join('; ');
}

/** Whether argv names `name` as an option (yargs reports options without their dashes). */
function isOption(name: string, argv: readonly string[]): boolean {
  return argv.some((arg) => arg === dash(name) || arg.startsWith(`${dash(name)}=`));
}

function dash(name: string): string {
  if (name.startsWith('-')) return name;
  return name.length === 1 ? `-${name}` : `--${name}`;
}
