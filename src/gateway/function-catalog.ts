import type { AwsError } from '../protocols/aws-error.js';
import type { FunctionSpec } from '../engine/types.js';
import type { ResolvedFunction, Scope } from './types.js';

/** One function version as the catalog found it, ready to run. */
export interface CatalogEntry {
  fn: ResolvedFunction;
  /** The ARN the caller named, qualified only when the caller gave a qualifier (the function's `invokedFunctionArn`). */
  invokedArn: string;
  /** AWS's ResourceConflictException when the function cannot run now (Pending, Failed, ...), else undefined. */
  notInvocable(): AwsError | undefined;
  spec(): FunctionSpec;
}

/** Where the gateway finds functions: the Lambda service's store, behind this seam. */
export interface FunctionCatalog {
  /** A name, partial ARN or ARN, optionally qualified; aliases with routing pick a version. */
  find(ref: string, scope: Scope): CatalogEntry | undefined;
}
