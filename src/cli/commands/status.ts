import { stagingPath } from '../../config/load-config.js';
import type { Json } from '../../json.js';
import { openStore } from '../../store/sqlite-store.js';
import type { StoreSummary } from '../../store/store.js';
import { defineCommand } from '../command.js';
import { EXIT } from '../exit-codes.js';
import { formatTable } from '../format-table.js';

export const statusCommand = defineCommand({
  command: 'status',
  describe: 'Show what a staging database holds: rows per table, runs, checkpoints, dead letters',
  builder: (yargs) =>
    yargs.example('$0 status --db output/acme/staging.sqlite', 'Summarize a staging file').example('$0 status --account acme --json', 'The same for output/acme/staging.sqlite, as JSON'),
  run: async (_args, { config, output }) => {
    const file = stagingPath(config, config.account);
    const store = openStore(file, { mode: 'read' });
    try {
      const summary = store.summary();
      output.result(summary as unknown as Json, () => renderSummary(summary));
    } finally {
      store.close();
    }
    return EXIT.ok;
  },
});

function renderSummary(summary: StoreSummary): string {
  const lines = [`Staging database ${summary.file} (schema version ${summary.schemaVersion})`, ''];
  lines.push(formatTable(['table', 'rows'], Object.entries(summary.counts).map(([table, count]) => [table, String(count)])));
  lines.push('');
  if (summary.runs.length === 0) {
    lines.push('Runs: none yet.');
  } else {
    lines.push('Runs (latest first):');
    lines.push(formatTable(['id', 'started', 'finished', 'status', 'streams', 'sample'],
      summary.runs.map((run) => [String(run.id), run.startedAt, run.finishedAt ?? '-', run.status, run.streams.join(','), run.sampleLimit === null ? '-' : `limit ${run.sampleLimit}`])));
  }
  lines.push('');
  if (summary.checkpoints.length === 0) {
    lines.push('Checkpoints: none.');
  } else {
    lines.push('Checkpoints:');
    lines.push(formatTable(['stream', 'updated', 'cursor'], summary.checkpoints.map((checkpoint) => [checkpoint.stream, checkpoint.updatedAt, JSON.stringify(checkpoint.cursor)])));
  }
  lines.push('');
  lines.push(`Dead letters: ${summary.deadLetters.open} open of ${summary.deadLetters.total}.`);
  if (summary.reconciliationMismatches.length > 0) {
    lines.push('Reconciliation mismatches:');
    lines.push(formatTable(['stream', 'window', 'expected', 'staged'],
      summary.reconciliationMismatches.map((row) => [row.stream, row.window, String(row.expected), String(row.staged)])));
  }
  return lines.join('\n');
}
