/** A JSON value: what checkpoints, run options and summaries are made of. */
export type Json = string | number | boolean | null | readonly Json[] | { readonly [key: string]: Json };
