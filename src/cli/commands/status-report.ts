import type { BackupCoverage, ChangeCount, DeadLetterGroup, StoreSummary, StreamLastRun } from '../../store/store.js';
import { formatTable } from '../format-table.js';

/** What `status` reports: the store summary, the last run of each stream, dead letters per stream, token age. */
export interface StatusReport extends StoreSummary {
  lastRuns: StreamLastRun[];
  deadLettersByStream: DeadLetterGroup[];
  /** What each refresh found changed, per run and entity. */
  changes: ChangeCount[];
  catalogBackup: BackupCoverage;
  tokenWarnings: string[];
}

const ERROR_WIDTH_CHARS = 60;

export function renderStatus(report: StatusReport): string {
  return [
    `Staging database ${report.file} (schema version ${report.schemaVersion})`,
    '',
    formatTable(['table', 'rows'], Object.entries(report.counts).map(([table, count]) => [table, String(count)])),
    '',
    ...lastRunsSection(report.lastRuns),
    '',
    ...runsSection(report),
    '',
    ...checkpointsSection(report),
    '',
    `Dead letters: ${report.deadLetters.open} open of ${report.deadLetters.total}.`,
    ...deadLettersSection(report.deadLettersByStream),
    ...mismatchesSection(report),
    ...backupSection(report.catalogBackup),
    ...changesSection(report.changes),
    ...(report.orphanAddresses > 0
      ? [`Addresses without a staged customer: ${report.orphanAddresses} (extract customers with --since/--until filters addresses by their own creation date; run \`extract customers\` without them to stage every owner).`]
      : []),
    ...report.tokenWarnings.map((warning) => `warning: ${warning}`),
  ].join('\n');
}

function lastRunsSection(lastRuns: readonly StreamLastRun[]): string[] {
  if (lastRuns.length === 0) return ['Last run per stream: none yet.'];
  return ['Last run per stream:', formatTable(['stream', 'run', 'status', 'started', 'finished', 'records', 'dead letters'],
    lastRuns.map((run) => [
      run.stream, String(run.runId), run.sampleLimit === null ? run.status : `${run.status} (sample of ${run.sampleLimit})`,
      run.startedAt, run.finishedAt ?? '-', run.records === null ? '-' : String(run.records), run.lost === null ? '-' : String(run.lost),
    ]))];
}

function runsSection(report: StatusReport): string[] {
  if (report.runs.length === 0) return ['Runs: none yet.'];
  return ['Runs (latest first):', formatTable(['id', 'started', 'finished', 'status', 'streams', 'sample'],
    report.runs.map((run) => [String(run.id), run.startedAt, run.finishedAt ?? '-', run.status, run.streams.join(','), run.sampleLimit === null ? '-' : `limit ${run.sampleLimit}`]))];
}

function checkpointsSection(report: StatusReport): string[] {
  if (report.checkpoints.length === 0) return ['Checkpoints: none.'];
  return ['Checkpoints:', formatTable(['stream', 'updated', 'cursor'], report.checkpoints.map((checkpoint) => [checkpoint.stream, checkpoint.updatedAt, JSON.stringify(checkpoint.cursor)]))];
}

function deadLettersSection(groups: readonly DeadLetterGroup[]): string[] {
  if (groups.length === 0) return [];
  return [formatTable(['stream', 'open', 'total', 'latest open error'],
    groups.map((group) => [group.stream, String(group.open), String(group.total), truncate(group.lastOpenError ?? '-')]))];
}

function mismatchesSection(report: StatusReport): string[] {
  if (report.reconciliationMismatches.length === 0) return ['Reconciliation: no mismatch.'];
  return ['Reconciliation mismatches:', formatTable(['stream', 'window', 'expected', 'staged'],
    report.reconciliationMismatches.map((row) => [row.stream, row.window, String(row.expected), String(row.staged)]))];
}

function changesSection(changes: readonly ChangeCount[]): string[] {
  if (changes.length === 0) return [];
  return ['Changes found by refreshes (the changes table; `export changes` writes them):', formatTable(['run', 'entity', 'records changed', 'fields changed'],
    changes.map((row) => [String(row.runId), row.entity, String(row.records), String(row.changes)]))];
}

/** Prices and inventory against the staged SKUs, files against the FileIds they reference ("-" = nothing staged yet). */
function backupSection(coverage: BackupCoverage): string[] {
  const { skus, prices, noPrice, inventory, imageFiles, imagesStaged } = coverage;
  const missing = (have: number, of: number) => (have === of ? 'complete' : `${of - have} missing`);
  return ['', 'Catalog backup:', formatTable(['what', 'staged', 'of', 'state'], [
    ['prices (rows per staged SKU)', String(prices), String(skus), `${missing(prices, skus)}; ${noPrice} without a price`],
    ['inventory (rows per staged SKU)', String(inventory), String(skus), missing(inventory, skus)],
    ['image files (per FileId referenced)', String(imagesStaged), String(imageFiles), missing(imagesStaged, imageFiles)],
  ])];
}

function truncate(text: string): string {
  const line = text.replace(/\s+/g, ' ');
  return line.length > ERROR_WIDTH_CHARS ? `${line.slice(0, ERROR_WIDTH_CHARS - 1)}…` : line;
}
