/** The export formats; a module of its own so the CLI can declare its flags without loading the exporters. */
export const EXPORT_FORMATS = ['csv', 'json', 'ndjson', 'parquet'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];
