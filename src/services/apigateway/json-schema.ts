import ajvDraft04 from 'ajv-draft-04';
import type { ValidateFunction } from 'ajv';
import type { Model } from './model.js';

// A CommonJS module: its class is `default` both as Node loads it and as its types say.
const AjvDraft04 = ajvDraft04.default;

/** API Gateway's models are JSON Schema draft 4; one model refers to another by this URL. */
export const modelUrl = (apiId: string, name: string): string => `https://apigateway.amazonaws.com/restapis/${apiId}/models/${name}`;

/** Whether `schema` (a model's text) is a draft 4 schema API Gateway would accept. */
export function schemaProblem(schema: string): string | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(schema);
  } catch {
    return 'Invalid model schema specified: the schema is not valid JSON';
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return 'Invalid model schema specified: the schema must be a JSON object';
  const ajv = new AjvDraft04({ strict: false, validateSchema: false });
  if (!ajv.validateSchema(parsed as object)) return `Invalid model schema specified: ${ajv.errorsText(ajv.errors)}`;
  return undefined;
}

/**
 * Validators of a deployment's models, compiled once per deployment. Every model is registered
 * under its URL, so `$ref`s between models resolve.
 */
export class ModelValidators {
  private readonly compiled = new Map<string, ValidateFunction | null>();
  private readonly ajv = new AjvDraft04({ strict: false, allErrors: false, validateSchema: false });

  constructor(apiId: string, models: Record<string, Model>) {
    for (const model of Object.values(models)) {
      if (!model.schema) continue;
      try {
        this.ajv.addSchema(JSON.parse(model.schema), modelUrl(apiId, model.name));
      } catch {
        // A model that does not compile validates nothing; CreateModel refuses such schemas.
      }
    }
  }

  /** The model's validator; undefined when it has no usable schema. */
  validator(apiId: string, name: string): ValidateFunction | undefined {
    let fn = this.compiled.get(name);
    if (fn === undefined) {
      try {
        fn = (this.ajv.getSchema(modelUrl(apiId, name)) as ValidateFunction | undefined) ?? null;
      } catch {
        fn = null;
      }
      this.compiled.set(name, fn);
    }
    return fn ?? undefined;
  }
}
