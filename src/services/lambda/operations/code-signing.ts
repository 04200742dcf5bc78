import { randomBytes } from 'node:crypto';
import type { RestJsonOperation, RestJsonRequest } from '../../../protocols/rest-json.js';
import type { RequestContext } from '../../../server/request-context.js';
import { assertValid, structure } from '../../../protocols/constraints.js';
import { parseJsonBody } from '../../../protocols/json-body.js';
import { AwsError } from '../../../protocols/aws-error.js';
import { functionArn, type Scope } from '../arns.js';
import type { CodeSigningConfigRow } from '../code-signing-store.js';
import { functionRefOf, scopeOf, type LambdaContext } from '../context.js';
import { notFound, withoutType } from '../errors.js';
import type { FoundFunction } from '../functions.js';
import { lambdaTimestamp } from '../model.js';
import { page, pageParams } from '../pagination.js';
import { PATTERNS, required, SHAPES } from '../shapes.js';

const CSC_ARN = /^arn:aws[a-zA-Z-]*:lambda:([a-z0-9-]+):(\d{12}):code-signing-config:(csc-[a-z0-9]{17})$/;
const POLICIES = ['Warn', 'Enforce'] as const;

const PUBLISHERS = structure({
  SigningProfileVersionArns: {
    type: 'list',
    required: true,
    length: { min: 1, max: 20 },
    member: { type: 'string', length: { min: 12, max: 1024 }, pattern: PATTERNS.SigningProfileVersionArn },
  },
});
const POLICY = structure({ UntrustedArtifactOnDeployment: { type: 'string', required: true, enum: POLICIES } });
const CREATE = structure({ Description: SHAPES.Description, AllowedPublishers: { ...PUBLISHERS, required: true }, CodeSigningPolicies: POLICY });
const UPDATE = structure({ Description: SHAPES.Description, AllowedPublishers: PUBLISHERS, CodeSigningPolicies: POLICY });
const BY_ARN = structure({ CodeSigningConfigArn: required(SHAPES.CodeSigningConfigArn) });

interface CscInput {
  Description?: string;
  AllowedPublishers?: { SigningProfileVersionArns?: string[] };
  CodeSigningPolicies?: { UntrustedArtifactOnDeployment?: 'Warn' | 'Enforce' };
  Tags?: Record<string, string>;
}

function cscArn(scope: Scope, id: string): string {
  return `arn:aws:lambda:${scope.region}:${scope.accountId}:code-signing-config:${id}`;
}

function describe(scope: Scope, row: CodeSigningConfigRow): Record<string, unknown> {
  return {
    CodeSigningConfigId: row.id,
    CodeSigningConfigArn: cscArn(scope, row.id),
    Description: row.description,
    AllowedPublishers: { SigningProfileVersionArns: row.signingProfileVersionArns },
    CodeSigningPolicies: { UntrustedArtifactOnDeployment: row.untrustedArtifactOnDeployment },
    LastModified: lambdaTimestamp(row.lastModified),
  };
}

/** The config an ARN names, in the caller's scope. AWS answers a missing one without `Type`. */
function lookup(lambda: LambdaContext, arn: string | undefined, ctx: RequestContext, missing = configNotFound): { scope: Scope; row: CodeSigningConfigRow } {
  assertValid(BY_ARN, { CodeSigningConfigArn: arn });
  const scope = scopeOf(ctx);
  const m = CSC_ARN.exec(arn!);
  const row = m && m[1] === scope.region && m[2] === scope.accountId ? lambda.store.codeSigning.get(scope, m[3]!) : undefined;
  if (!row) throw missing(arn!);
  return { scope, row };
}

const configNotFound = (arn: string) => withoutType(notFound(`The Lambda code signing configuration ${arn} can not be found.`));
const notFoundForFunction = (arn: string) =>
  new AwsError(
    'CodeSigningConfigNotFoundException',
    `The code signing configuration cannot be found. Check that the provided configuration is not deleted: ${arn}.`,
    404,
  );

export const createCodeSigningConfig = (lambda: LambdaContext): RestJsonOperation => ({
  name: 'CreateCodeSigningConfig',
  method: 'POST',
  path: '/2020-04-22/code-signing-configs',
  async run(request, ctx) {
    const input = parseJsonBody(request.body) as CscInput;
    assertValid(CREATE, input);
    const scope = scopeOf(ctx);
    const row: CodeSigningConfigRow = {
      id: `csc-${randomBytes(9).toString('hex').slice(0, 17)}`,
      description: input.Description ?? '',
      signingProfileVersionArns: [...input.AllowedPublishers!.SigningProfileVersionArns!],
      untrustedArtifactOnDeployment: input.CodeSigningPolicies?.UntrustedArtifactOnDeployment ?? 'Warn',
      lastModified: lambda.deps.clock.now(),
      tags: { ...input.Tags },
    };
    lambda.store.codeSigning.put(scope, row);
    return { status: 201, body: { CodeSigningConfig: describe(scope, row) } };
  },
});

export const getCodeSigningConfig = (lambda: LambdaContext): RestJsonOperation => ({
  name: 'GetCodeSigningConfig',
  method: 'GET',
  path: '/2020-04-22/code-signing-configs/{CodeSigningConfigArn}',
  async run(request, ctx) {
    const { scope, row } = lookup(lambda, request.params.CodeSigningConfigArn, ctx);
    return { body: { CodeSigningConfig: describe(scope, row) } };
  },
});

export const updateCodeSigningConfig = (lambda: LambdaContext): RestJsonOperation => ({
  name: 'UpdateCodeSigningConfig',
  method: 'PUT',
  path: '/2020-04-22/code-signing-configs/{CodeSigningConfigArn}',
  async run(request, ctx) {
    const input = parseJsonBody(request.body) as CscInput;
    assertValid(UPDATE, input);
    const { scope, row } = lookup(lambda, request.params.CodeSigningConfigArn, ctx);
    const next: CodeSigningConfigRow = {
      ...row,
      description: input.Description ?? row.description,
      signingProfileVersionArns: input.AllowedPublishers?.SigningProfileVersionArns ?? row.signingProfileVersionArns,
      untrustedArtifactOnDeployment: input.CodeSigningPolicies?.UntrustedArtifactOnDeployment ?? row.untrustedArtifactOnDeployment,
      lastModified: lambda.deps.clock.now(),
    };
    lambda.store.codeSigning.put(scope, next);
    return { body: { CodeSigningConfig: describe(scope, next) } };
  },
});

export const deleteCodeSigningConfig = (lambda: LambdaContext): RestJsonOperation => ({
  name: 'DeleteCodeSigningConfig',
  method: 'DELETE',
  path: '/2020-04-22/code-signing-configs/{CodeSigningConfigArn}',
  async run(request, ctx) {
    const { scope, row } = lookup(lambda, request.params.CodeSigningConfigArn, ctx);
    lambda.store.codeSigning.delete(scope, row.id);
    return { status: 204 };
  },
});

export const listCodeSigningConfigs = (lambda: LambdaContext): RestJsonOperation => ({
  name: 'ListCodeSigningConfigs',
  method: 'GET',
  path: '/2020-04-22/code-signing-configs',
  async run(request, ctx) {
    const scope = scopeOf(ctx);
    const { max, after } = pageParams(request.query);
    const { items, nextMarker } = page(lambda.store.codeSigning.list(scope), (r) => r.id, after, max);
    const body: Record<string, unknown> = { CodeSigningConfigs: items.map((r) => describe(scope, r)) };
    if (nextMarker) body.NextMarker = nextMarker;
    return { body };
  },
});

export const listFunctionsByCodeSigningConfig = (lambda: LambdaContext): RestJsonOperation => ({
  name: 'ListFunctionsByCodeSigningConfig',
  method: 'GET',
  path: '/2020-04-22/code-signing-configs/{CodeSigningConfigArn}/functions',
  async run(request, ctx) {
    const { scope, row } = lookup(lambda, request.params.CodeSigningConfigArn, ctx);
    const { max, after } = pageParams(request.query);
    const { items, nextMarker } = page(lambda.store.codeSigning.functionsUsing(scope, row.id), (n) => n, after, max);
    const body: Record<string, unknown> = { FunctionArns: items.map((n) => functionArn(scope, n)) };
    if (nextMarker) body.NextMarker = nextMarker;
    return { body };
  },
});

/** The function a function-level code signing request names (versions and aliases share it). */
function functionOf(lambda: LambdaContext, request: RestJsonRequest, ctx: RequestContext): FoundFunction {
  const ref = functionRefOf(request, ctx, false);
  return lambda.functions.get({ ...ref, qualifier: undefined });
}

export const putFunctionCodeSigningConfig = (lambda: LambdaContext): RestJsonOperation => ({
  name: 'PutFunctionCodeSigningConfig',
  method: 'PUT',
  path: '/2020-06-30/functions/{FunctionName}/code-signing-config',
  async run(request, ctx) {
    const input = parseJsonBody(request.body) as { CodeSigningConfigArn?: string };
    // The config is looked up before the function (AWS: both missing → the config's error).
    const { row } = lookup(lambda, input.CodeSigningConfigArn, ctx, notFoundForFunction);
    const found = functionOf(lambda, request, ctx);
    lambda.store.codeSigning.attach(found.scope, found.name, row.id);
    return { body: { CodeSigningConfigArn: cscArn(found.scope, row.id), FunctionName: found.name } };
  },
});

export const getFunctionCodeSigningConfig = (lambda: LambdaContext): RestJsonOperation => ({
  name: 'GetFunctionCodeSigningConfig',
  method: 'GET',
  path: '/2020-06-30/functions/{FunctionName}/code-signing-config',
  async run(request, ctx) {
    const found = functionOf(lambda, request, ctx);
    const id = lambda.store.codeSigning.ofFunction(found.scope, found.name);
    return { body: id ? { CodeSigningConfigArn: cscArn(found.scope, id), FunctionName: found.name } : {} };
  },
});

export const deleteFunctionCodeSigningConfig = (lambda: LambdaContext): RestJsonOperation => ({
  name: 'DeleteFunctionCodeSigningConfig',
  method: 'DELETE',
  path: '/2020-06-30/functions/{FunctionName}/code-signing-config',
  async run(request, ctx) {
    const found = functionOf(lambda, request, ctx);
    lambda.store.codeSigning.attach(found.scope, found.name, undefined);
    return { status: 204 };
  },
});
