import type { Rng } from './random.js';

/**
 * Realistic and hostile text: accents and other Unicode, commas, double quotes and newlines inside
 * values, and values beginning with `=`, `+`, `-`, `@` (spreadsheet formula injection).
 */
export const FIRST_NAMES = ['João', 'María José', 'Zoë', 'Ana', 'Łukasz', 'Søren', 'Françoise', 'Nguyễn', 'Renée', 'Mohammed', 'Chloé', 'Björn', 'Иван', '李', 'Aïcha', 'O\'Brien', 'Pedro', 'Luíza'] as const;
export const LAST_NAMES = ['Silva', 'Gonçalves', 'Müller', 'D\'Ávila', 'Núñez', 'Åkesson', 'Smith, Jr.', 'Øster', 'Παπαδόπουλος', 'Çelik', 'García-Márquez', 'Ñandú', 'Souza', 'van der Berg'] as const;
export const CITIES = ['São Paulo', 'Rio de Janeiro', 'Belo Horizonte', 'Curitiba', 'Florianópolis', 'Brasília', 'Goiânia', 'Maceió', 'Ribeirão Preto', 'Niterói'] as const;
export const STATES = ['SP', 'RJ', 'MG', 'PR', 'SC', 'DF', 'GO', 'AL'] as const;
export const STREETS = ['Avenida Paulista', 'Rua Augusta', 'Avenida Lúcio Costa', 'Rua 25 de Março', 'Travessa "do Ouvidor"', 'Rua São João, bloco B', 'Alameda Santos', 'Praça da Sé'] as const;
export const PRODUCT_WORDS = ['Camiseta', 'Tênis', 'Ração Úmida', 'Café "Especial"', 'Caneca, 300 ml', 'Sabonete Ácido', 'Mochila 20L', 'Fone Bluetooth®', 'Relógio ⌚', 'Óculos de Sol', 'Panela de Pressão', 'Livro: "Dom Casmurro"'] as const;
export const ADJECTIVES = ['Azul', 'Clássico', 'Edição Limitada', 'Pro', 'Orgânico', 'Tamanho G', 'Vermelho', 'Unissex', 'Kit c/ 3'] as const;

/** Text that breaks naive CSV writers and spreadsheets. */
export const HOSTILE_VALUES = [
  '=HYPERLINK("http://example.com","click")',
  '+5511999990000',
  '-10% OFF',
  '@SUM(A1:A2)',
  'Linha 1\nLinha 2',
  'Vírgula, aspas "duplas" e \'simples\'',
  'Tab\tseparated',
  'CRLF line\r\nbreak',
  '😀 emoji 🛒',
  'Ünïcödé ñ ç ã õ ß',
  '<script>alert(1)</script>',
  '  leading and trailing spaces  ',
] as const;

/** With probability `probability`, a hostile value instead of `text`; else `text`. */
export function maybeHostile(rng: Rng, text: string, probability = 0.08): string {
  return rng.chance(probability) ? rng.pick(HOSTILE_VALUES) : text;
}

/** A product-ish name of 2-3 words, sometimes hostile. */
export function productName(rng: Rng): string {
  return maybeHostile(rng, `${rng.pick(PRODUCT_WORDS)} ${rng.pick(ADJECTIVES)}`, 0.05);
}

const slugCache = new Map<string, string>();

/** Lowercase ASCII slug for URLs and emails (memoized: the vocabulary is small). */
export function slug(text: string): string {
  let cached = slugCache.get(text);
  if (cached === undefined) {
    cached = computeSlug(text);
    if (slugCache.size < 10_000) slugCache.set(text, cached);
  }
  return cached;
}

function computeSlug(text: string): string {
  const ascii = text.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase();
  const cleaned = ascii.replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
  return cleaned === '' ? 'x' : cleaned;
}
