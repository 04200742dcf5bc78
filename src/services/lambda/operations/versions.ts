import { randomUUID } from 'node:crypto';
import type { RestJsonOperation } from '../../../protocols/rest-json.js';
import type { Scope } from '../arns.js';
import { functionRefOf, scopeOf, type LambdaContext } from '../context.js';
import { invalidParameter, preconditionFailed } from '../errors.js';
import { toFunctionConfiguration, toListedConfiguration, type VersionConfig } from '../model.js';
import { page, pageParams } from '../pagination.js';
import { parseJsonBody } from '../../../protocols/json-body.js';

/** The parts of a configuration that make two versions the same (what PublishVersion compares). */
function fingerprint(c: VersionConfig): string {
  const { lastModified: _m, revisionId: _r, state: _s, lastUpdateStatus: _u, Description: _d, ...rest } = c;
  return JSON.stringify(rest);
}

/**
 * Publishes `$LATEST` as the next version number. Like AWS, publishing an unchanged `$LATEST`
 * returns the newest existing version instead of creating another.
 */
export function publishVersion(
  lambda: LambdaContext,
  scope: Scope,
  name: string,
  latest: VersionConfig,
  description: string | undefined,
  /** CreateFunction's `Publish`: the version is created with the function, Pending like it. */
  pending = false,
): { version: string; config: VersionConfig } {
  return lambda.store.transaction(() => {
    const versions = lambda.store.listVersions(scope, name).filter((v) => v.version !== '$LATEST');
    const newest = versions[versions.length - 1];
    if (newest && fingerprint(newest.config) === fingerprint(latest)) return newest;
    const version = String(lambda.store.takeVersionNumber(scope, name));
    const config: VersionConfig = {
      ...latest,
      Description: description ?? latest.Description,
      lastModified: lambda.deps.clock.now(),
      revisionId: randomUUID(),
      // PublishVersion answers Active/Successful (the $LATEST it copies is already in place).
      state: pending ? 'Pending' : 'Active',
      lastUpdateStatus: pending ? undefined : 'Successful',
    };
    lambda.store.putVersion(scope, name, version, config);
    if (pending) lambda.functions.settle(scope, name, version, config.revisionId);
    return { version, config };
  });
}

export const publishVersionOperation = (lambda: LambdaContext): RestJsonOperation => ({
  name: 'PublishVersion',
  method: 'POST',
  path: '/2015-03-31/functions/{FunctionName}/versions',
  async run(request, ctx) {
    const input = parseJsonBody(request.body) as { CodeSha256?: string; Description?: string; RevisionId?: string };
    const found = lambda.functions.get({ ...functionRefOf(request, ctx, false), qualifier: undefined });
    lambda.functions.assertNotUpdating(found);
    if (input.RevisionId !== undefined && input.RevisionId !== found.config.revisionId) throw preconditionFailed();
    if (input.CodeSha256 !== undefined && input.CodeSha256 !== found.config.code.sha256) {
      throw invalidParameter(
        `CodeSHA256 (${input.CodeSha256}) is different from current CodeSHA256 in $LATEST (${found.config.code.sha256}). Please try again with the CodeSHA256 in $LATEST.`,
      );
    }
    const published = publishVersion(lambda, found.scope, found.name, found.config, input.Description);
    return { status: 201, body: toFunctionConfiguration(found.scope, found.name, published.version, published.config) };
  },
});

export const listVersionsByFunction = (lambda: LambdaContext): RestJsonOperation => ({
  name: 'ListVersionsByFunction',
  method: 'GET',
  path: '/2015-03-31/functions/{FunctionName}/versions',
  async run(request, ctx) {
    const found = lambda.functions.get({ ...functionRefOf(request, ctx, false), qualifier: undefined });
    const { max, after } = pageParams(request.query);
    const all = lambda.store.listVersions(scopeOf(ctx), found.name);
    const { items, nextMarker } = page(
      all,
      (v) => v.version,
      after,
      max,
      (v) => (v === '$LATEST' ? -1 : Number(v)),
    );
    const body: Record<string, unknown> = {
      Versions: items.map((v) => toListedConfiguration(found.scope, found.name, v.version, v.config, true)),
    };
    if (nextMarker) body.NextMarker = nextMarker;
    return { body };
  },
});
