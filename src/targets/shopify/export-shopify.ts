import type { TargetSource } from '../../store/target-source.js';
import { loadCatalogContext } from '../catalog-context.js';
import type { CatalogContext } from '../catalog-context.js';
import { stagedProducts } from '../catalog-reader.js';
import { NoHomeTally } from '../left-behind.js';
import { cellsOf, TargetFiles } from '../target-files.js';
import type { TargetPlan, TargetResult } from '../target-plan.js';
import { YIELD_EVERY, yieldToEvents } from '../target-plan.js';
import { missingEntities, skuCodeOf, throwIfAborted } from '../target-support.js';
import { SHOPIFY_CUSTOMER_COLUMNS, shopifyCustomerRow } from './customer-rows.js';
import type { CustomerBook } from './customer-rows.js';
import { MATRIXIFY_ORDER_COLUMNS } from './order-columns.js';
import { matrixifyOrderRows } from './order-rows.js';
import { metafieldColumns } from './product-metafields.js';
import { templateColumns, templateRow } from './product-columns.js';
import { shopifyProductRows } from './product-rows.js';
import { categoryRedirect, productRedirect, SHOPIFY_REDIRECT_COLUMNS } from './redirects.js';

/** Writes products.csv + redirects.csv, customers.csv, orders.csv and left-behind.csv for Shopify. */
export async function exportShopify(source: TargetSource, plan: TargetPlan, signal: AbortSignal): Promise<TargetResult> {
  const files = new TargetFiles(plan.outDir, plan.bom);
  const tally = new NoHomeTally();
  const missing = missingEntities(source, plan.groups);
  try {
    const context = loadCatalogContext(source);
    if (plan.groups.has('products') && !missing.some((entity) => ['products', 'skus', 'prices', 'inventory'].includes(entity))) await writeProducts(source, context, plan, files, tally, signal);
    if (plan.groups.has('customers') && !missing.includes('customers')) await writeCustomers(source, plan, files, tally, signal);
    if (plan.groups.has('orders') && !missing.includes('orders')) await writeOrders(source, context, plan, files, tally, signal);
    for (const entity of missing) await files.leaveBehind({ entity, vtexId: '*', field: 'not staged', detail: `the staging file holds no ${entity}: run \`vtex-migrate extract\` for them; the files that need them were not written` });
    for (const record of tally.records()) await files.leaveBehind(record);
    return { files: await files.commit(), reasons: files.reasons(), missing };
  } catch (error) {
    await files.discard();
    throw error;
  }
}

async function writeProducts(source: TargetSource, context: CatalogContext, plan: TargetPlan, files: TargetFiles, tally: NoHomeTally, signal: AbortSignal): Promise<void> {
  const columns = [...templateColumns(plan.template), ...metafieldColumns(source)];
  const products = files.csv('products.csv', columns);
  const redirects = files.csv('redirects.csv', SHOPIFY_REDIRECT_COLUMNS);
  let count = 0;
  for (const product of stagedProducts(source, context, { policy: plan.policy, tally })) {
    if (++count % YIELD_EVERY === 0) await yieldToEvents();
    throwIfAborted(signal);
    const { rows, leftBehind } = shopifyProductRows(product, context);
    for (const row of rows) await products.write(cellsOf(templateRow(row, plan.template), columns));
    for (const record of leftBehind) await files.leaveBehind(record);
    if (rows.length === 0) continue;
    const { redirect, leftBehind: problem } = productRedirect(product.id, product.doc, product.handle);
    if (redirect) await redirects.write([redirect.from, redirect.to]);
    if (problem) await files.leaveBehind(problem);
  }
  for (const collision of context.handles.collisions()) {
    await files.leaveBehind({ entity: 'products', vtexId: String(collision.productId), field: 'handle collision', detail: `handle ${collision.wanted} is another product's: this one is ${collision.given}` });
  }
  const categoryPaths = new Map<string, number>();
  for (const category of context.categories.values()) {
    const { redirect, leftBehind } = categoryRedirect(category);
    const first = redirect ? categoryPaths.get(redirect.from) : undefined;
    if (redirect && first === undefined) await redirects.write([redirect.from, redirect.to]);
    if (redirect) categoryPaths.set(redirect.from, first ?? category.id);
    if (first !== undefined) await files.leaveBehind({ entity: 'categories', vtexId: String(category.id), field: 'duplicate category URL', detail: `${redirect?.from} is also category ${first}'s URL: redirected once, to that category's collection` });
    if (leftBehind) await files.leaveBehind(leftBehind);
  }
}

async function writeCustomers(source: TargetSource, plan: TargetPlan, files: TargetFiles, tally: NoHomeTally, signal: AbortSignal): Promise<void> {
  const customers = files.csv('customers.csv', SHOPIFY_CUSTOMER_COLUMNS);
  const book: CustomerBook = { emails: new Map(), phones: new Set() };
  tally.add('customers', 'password', 'passwords: VTEX never exports them; customers set a new one from Shopify\'s account invite');
  let count = 0;
  for (const customer of source.customers(plan.range)) {
    if (++count % YIELD_EVERY === 0) await yieldToEvents();
    throwIfAborted(signal);
    const { row, leftBehind } = shopifyCustomerRow(customer, source.addressesOf(customer.id), book, tally);
    if (row) await customers.write(cellsOf(row, SHOPIFY_CUSTOMER_COLUMNS));
    for (const record of leftBehind) await files.leaveBehind(record);
  }
}

async function writeOrders(source: TargetSource, context: CatalogContext, plan: TargetPlan, files: TargetFiles, tally: NoHomeTally, signal: AbortSignal): Promise<void> {
  const orders = files.csv('orders.csv', MATRIXIFY_ORDER_COLUMNS);
  const duplicates = source.duplicateSkuRefIds();
  const orderContext = { handleOfProduct: (id: number) => context.handles.of(id), skuCode: (refId: string, skuId: string) => skuCodeOf(refId, skuId, duplicates), tally };
  let count = 0;
  for (const order of source.orders(plan.range)) {
    if (++count % YIELD_EVERY === 0) await yieldToEvents();
    throwIfAborted(signal);
    const { rows, leftBehind } = matrixifyOrderRows(order.id, order.raw, orderContext);
    for (const row of rows) await orders.write(cellsOf(row, MATRIXIFY_ORDER_COLUMNS));
    for (const record of leftBehind) await files.leaveBehind(record);
  }
}
