/** `logisticsInfo` -> `logistics_info`, `SkuSellers` -> `sku_sellers`, `itemMetadata.Items` -> `item_metadata_items`. */
export function snake(path: string): string {
  return path
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1_$2')
    .replace(/[^A-Za-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .toLowerCase();
}

/** A rough English singular, enough for key and file names: `categories` -> `category`, `addresses` -> `address`. */
export function singular(word: string): string {
  if (/ies$/.test(word)) return `${word.slice(0, -3)}y`;
  if (/(ss|x|ch|sh)es$/.test(word)) return word.slice(0, -2);
  if (/[^su]s$/.test(word)) return word.slice(0, -1);
  return word;
}

function lastSegment(path: string): string {
  return path.slice(path.lastIndexOf('.') + 1);
}

/**
 * The file name (without extension) of a child table: the name of one parent row, then the array's name
 * (`order` + `items` -> `order_items`; `order_transaction` + `payments` -> `order_transaction_payments`;
 * `sku` + `SkuSellers` -> `sku_sellers`). On a clash the whole path is used, then a number.
 */
export function childTableName(owner: string, path: string, taken: Set<string>): string {
  const last = snake(lastSegment(path));
  const candidates = [last.startsWith(`${owner}_`) ? last : `${owner}_${last}`, `${owner}_${snake(path)}`];
  let name = candidates.find((candidate) => !taken.has(candidate));
  for (let n = 2; name === undefined; n += 1) if (!taken.has(`${candidates[1]}_${n}`)) name = `${candidates[1]}_${n}`;
  taken.add(name);
  return name;
}

/** The index column of a child table's own level (`items` -> `item_index`), unique among its key columns. */
export function indexColumnName(path: string, keys: readonly string[]): string {
  const short = `${singular(snake(lastSegment(path)))}_index`;
  if (!keys.includes(short)) return short;
  const long = `${snake(path)}_index`;
  let name = long;
  for (let n = 2; keys.includes(name); n += 1) name = `${long}_${n}`;
  return name;
}
