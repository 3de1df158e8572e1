import type { Burst } from './options.js';
import { Rng } from './random.js';
import { DAY_MS, sortedTimes } from './timeline.js';

export interface OrderSetup {
  seed: number;
  count: number;
  nowMs: number;
  spanDays: number;
  visibleDays: number;
  burst: Burst | undefined;
}

/** The OMS statuses the generator uses, with the Portuguese descriptions VTEX shows. */
export const ORDER_STATUSES = [
  ['invoiced', 'Faturado'],
  ['handling', 'Preparando Entrega'],
  ['ready-for-handling', 'Pronto para o manuseio'],
  ['canceled', 'Cancelado'],
  ['payment-pending', 'Pagamento Pendente'],
  ['window-to-cancel', 'Carência para Cancelamento'],
] as const;

/**
 * Order ids and dates, computed once: index = rank by creationDate. The id embeds the index
 * (`PPPPPPIIIIIII-0N`: 6 random digits, 7 index digits), so lookup by id is O(1).
 */
export class OrderData {
  readonly createdMs: Float64Array;
  /** lastChange of each order; mutations write here. */
  readonly lastChangeMs: Float64Array;
  /** Orders created before this instant are invisible (list and get). */
  readonly visibleFromMs: number;
  /** Index of the first visible order. */
  readonly firstVisible: number;

  constructor(private readonly setup: OrderSetup) {
    if (setup.count > 9_999_999) throw new Error('At most 9,999,999 orders.');
    const { seed, count, nowMs } = setup;
    this.createdMs = sortedTimes(seed, 'orders', count, nowMs - setup.spanDays * DAY_MS, nowMs, setup.burst);
    this.lastChangeMs = this.createdMs.map((created, i) => Math.min(nowMs, created + Rng.for(seed, 'orderLastChange', i).int(60_000, 12 * DAY_MS)));
    this.visibleFromMs = nowMs - setup.visibleDays * DAY_MS;
    let first = 0;
    while (first < count && (this.createdMs[first] as number) < this.visibleFromMs) first += 1;
    this.firstVisible = first;
  }

  get count(): number {
    return this.setup.count;
  }

  idOf(index: number): string {
    const rng = Rng.for(this.setup.seed, 'orderId', index);
    return `${rng.digits(6)}${String(index).padStart(7, '0')}-0${rng.chance(0.1) ? 2 : 1}`;
  }

  /** Index of an order id, or -1 (unknown or malformed). */
  indexOf(id: string): number {
    const match = /^\d{6}(\d{7})-0\d$/.exec(id);
    if (!match) return -1;
    const index = Number(match[1]);
    return index < this.setup.count && this.idOf(index) === id ? index : -1;
  }

  isVisible(index: number): boolean {
    return index >= this.firstVisible;
  }
}
