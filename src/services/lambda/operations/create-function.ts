import { randomUUID } from 'node:crypto';
import type { RestJsonOperation } from '../../../protocols/rest-json.js';
import { parseRequestFunctionName } from '../arns.js';
import { applyConfigInput, defaultConfig, type ConfigInput } from '../config-input.js';
import { scopeOf, type LambdaContext } from '../context.js';
import { assertValid, structure } from '../../../protocols/constraints.js';
import { conflict, invalidParameter, tooLarge } from '../errors.js';
import { toFunctionConfiguration, type VersionConfig } from '../model.js';
import { parseJsonBody } from '../../../protocols/json-body.js';
import { validateFunctionConfig } from '../validation.js';
import { validateDeadLetterConfig } from '../dead-letter-config.js';
import type { CodeInput } from '../code.js';
import { publishVersion } from './versions.js';
import { resolveFunctionLayers } from '../layers.js';

const MAX_REQUEST = 70_167_211;

/** Checked after the configuration members, as Lambda does. */
const CREATE_CODE = structure({ Code: { type: 'structure', required: true, members: {} } });

export const createFunction = (lambda: LambdaContext): RestJsonOperation => ({
  name: 'CreateFunction',
  method: 'POST',
  path: '/2015-03-31/functions',
  maxBodyBytes: MAX_REQUEST,
  tooLarge: (limit) => tooLarge(limit, 'CreateFunction'),
  async run(request, ctx) {
    const input = parseJsonBody(request.body) as ConfigInput & {
      FunctionName?: string;
      Code?: CodeInput;
      Publish?: boolean;
      Tags?: Record<string, string>;
      PackageType?: string;
    };
    const scope = scopeOf(ctx);
    const ref = parseRequestFunctionName(input.FunctionName, undefined, scope);
    if (ref.qualifier !== undefined) throw invalidParameter('Unsupported FunctionName format. The FunctionName must not contain a version or alias.');
    validateFunctionConfig(input as Record<string, unknown>, true);
    assertValid(CREATE_CODE, input);
    validateDeadLetterConfig(input.DeadLetterConfig, ref);
    if (input.PackageType === 'Image') throw invalidParameter('Tributary runs Zip packages only; container images are not supported.');
    // OS-only runtimes (provided.*) start the package's `bootstrap`; they need no handler.
    if (!input.Runtime || (!input.Handler && !input.Runtime.startsWith('provided'))) {
      throw invalidParameter('Runtime and Handler are mandatory parameters for functions created with deployment packages.');
    }
    if (lambda.store.getFunction(scope, ref.name)) throw conflict(`Function already exist: ${ref.name}`);

    const layers = input.Layers === undefined ? undefined : resolveFunctionLayers(lambda.store, scope, input.Layers, ctx.enforceAuth);
    const code = await lambda.code.accept(input.Code!, scope);
    const now = lambda.deps.clock.now();
    const config: VersionConfig = applyConfigInput(
      { ...defaultConfig(ref.name), Role: input.Role!, code, lastModified: now, revisionId: randomUUID(), state: 'Pending' },
      input,
      ref.name,
      layers,
    );
    lambda.store.transaction(() => {
      if (lambda.store.getFunction(scope, ref.name)) throw conflict(`Function already exist: ${ref.name}`);
      lambda.store.insertFunction(scope, ref.name, now, { ...(input.Tags ?? {}) });
      lambda.store.putVersion(scope, ref.name, '$LATEST', config);
    });
    lambda.functions.settle(scope, ref.name, '$LATEST', config.revisionId);
    if (input.Publish) {
      const published = publishVersion(lambda, scope, ref.name, config, undefined, true);
      return { status: 201, body: toFunctionConfiguration(scope, ref.name, published.version, published.config) };
    }
    return { status: 201, body: toFunctionConfiguration(scope, ref.name, '$LATEST', config) };
  },
});
