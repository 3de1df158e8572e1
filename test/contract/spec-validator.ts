import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Ajv } from 'ajv';
import type { ErrorObject, ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';

/** The official specs, next to the repository (../shared/vtex-api/openapi). */
export const SPEC_DIR = fileURLToPath(new URL('../../../shared/vtex-api/openapi/', import.meta.url));

export interface ResponseSchemaRef {
  spec: string;
  path: string;
  method: 'get' | 'post';
  status: string;
}

export interface SchemaViolation {
  instancePath: string;
  keyword: string;
  message: string;
}

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

/** Validates bodies against the response schemas of the OpenAPI 3 specs (`nullable` is honored by ajv). */
export class SpecValidator {
  private readonly ajv = SpecValidator.createAjv();
  private readonly loaded = new Set<string>();
  private readonly compiled = new Map<string, ValidateFunction>();

  /** OpenAPI's numeric formats (int32, int64, float, double) are not JSON Schema formats: declare them. */
  private static createAjv(): Ajv {
    const ajv = addFormats(new Ajv({ strict: false, allErrors: true, validateFormats: true }));
    ajv.addFormat('int32', { type: 'number', validate: (value: number) => Number.isInteger(value) && value >= -(2 ** 31) && value < 2 ** 31 });
    ajv.addFormat('int64', { type: 'number', validate: (value: number) => Number.isInteger(value) });
    ajv.addFormat('float', { type: 'number', validate: () => true });
    ajv.addFormat('double', { type: 'number', validate: () => true });
    return ajv;
  }

  validator(ref: ResponseSchemaRef): ValidateFunction {
    const key = `${ref.spec} ${ref.method} ${ref.path} ${ref.status}`;
    let validate = this.compiled.get(key);
    if (!validate) {
      this.load(ref.spec);
      const content = this.responseContent(ref);
      const pointer = ['paths', ref.path, ref.method, 'responses', ref.status, 'content', content, 'schema'].map(escapePointer).join('/');
      validate = this.ajv.getSchema(`${ref.spec}#/${pointer}`);
      if (!validate) throw new Error(`No schema at ${key}`);
      this.compiled.set(key, validate);
    }
    return validate;
  }

  violations(ref: ResponseSchemaRef, body: unknown): SchemaViolation[] {
    const validate = this.validator(ref);
    if (validate(body)) return [];
    return (validate.errors ?? []).map((error: ErrorObject) => ({ instancePath: error.instancePath, keyword: error.keyword, message: error.message ?? '' }));
  }

  private load(spec: string): void {
    if (this.loaded.has(spec)) return;
    const document = JSON.parse(readFileSync(`${SPEC_DIR}${spec}`, 'utf8')) as Record<string, unknown>;
    this.ajv.addSchema({ ...document, $id: spec }, spec);
    this.loaded.add(spec);
  }

  private responseContent(ref: ResponseSchemaRef): string {
    const document = JSON.parse(readFileSync(`${SPEC_DIR}${ref.spec}`, 'utf8')) as { paths: Record<string, Record<string, { responses: Record<string, { content?: Record<string, unknown> }> }>> };
    const content = document.paths[ref.path]?.[ref.method]?.responses[ref.status]?.content ?? {};
    const type = Object.keys(content).find((name) => name.startsWith('application/json'));
    if (!type) throw new Error(`No JSON response for ${ref.spec} ${ref.path} ${ref.status}`);
    return type;
  }
}

function escapePointer(segment: string): string {
  return encodeURIComponent(segment.replace(/~/g, '~0').replace(/\//g, '~1'));
}

/** Whether a schema accepts a trivially wrong body: then it checks (almost) nothing. */
export function acceptsTrivialBodies(validate: ValidateFunction): string[] {
  const trivial: Array<[string, unknown]> = [['{}', {}], ['[{}]', [{}]], ['{"x":1}', { x: 1 }], ['[{"x":1}]', [{ x: 1 }]]];
  return trivial.filter(([, body]) => validate(body)).map(([name]) => name);
}
