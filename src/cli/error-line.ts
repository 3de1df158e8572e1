/**
 * The one shape of an error line: `error: <what is wrong>. <What to do.>`. Messages come from many places
 * (ours, yargs, Node's network errors quoted in a message), so the shape is enforced here rather than
 * trusted: each part is one line, the message ends with a full stop, the hint starts with a capital and
 * ends with a full stop.
 */
export function errorLine(message: string, hint: string): string {
  return `error: ${asSentence(message)} ${asSentence(capitalized(oneLine(hint)))}`;
}

export function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').trim();
}

function asSentence(text: string): string {
  const line = oneLine(text).replace(/[\s,;:]+$/, '');
  if (line === '') return '';
  return line.endsWith('.') ? line : `${line}.`;
}

function capitalized(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
