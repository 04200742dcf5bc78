/**
 * The Lambda model's string shapes, in one table: the patterns, bounds and enums AWS quotes in its
 * validation messages (ValidationException). Mirrors botocore's `lambda/2015-03-31/service-2.json`
 * (the shape names are the model's), with the region segment as the current Lambda API reference
 * writes it (`(eusc-)?` for the European Sovereign Cloud). Operations build their input shapes
 * from these entries; nothing else in this folder writes a pattern by hand.
 */
import type { NumberShape, Shape, StringShape } from '../../protocols/constraints.js';

/** The region part of a Lambda ARN. */
const REGION = '(eusc-)?[a-z]{2}((-gov)|(-iso([a-z]?)))?-[a-z]+-\\d{1}';
/** The older region part some shapes still quote (code signing configs, layer ARNs by version, tags). */
const REGION_ISOB = '[a-z]{2}((-gov)|(-iso(b?)))?-[a-z]+-\\d{1}';

export const PATTERNS = {
  FunctionName: `(arn:(aws[a-zA-Z-]*)?:lambda:)?(${REGION}:)?(\\d{12}:)?(function:)?([a-zA-Z0-9-_]+)(:(\\$LATEST|[a-zA-Z0-9-_]+))?`,
  NamespacedFunctionName: `(arn:(aws[a-zA-Z-]*)?:lambda:)?(${REGION}:)?(\\d{12}:)?(function:)?([a-zA-Z0-9-_\\.]+)(:(\\$LATEST(\\.PUBLISHED)?|[a-zA-Z0-9-_]+))?`,
  UnqualifiedFunctionName: `(arn:(aws[a-zA-Z-]*)?:lambda:)?(${REGION}:)?(\\d{12}:)?(function:)?([a-zA-Z0-9-_]+)`,
  Qualifier: '(|[a-zA-Z0-9$_-]+)',
  NumericLatestPublishedOrAliasQualifier: '\\$(LATEST(\\.PUBLISHED)?)|[a-zA-Z0-9-_$]+',
  StatementId: '([a-zA-Z0-9-_]+)',
  NamespacedStatementId: '([a-zA-Z0-9-_.]+)',
  RoleArn: 'arn:(aws[a-zA-Z-]*)?:iam::\\d{12}:role/?[a-zA-Z_0-9+=,.@\\-_/]+',
  Alias: '(?!^[0-9]+$)([a-zA-Z0-9-_]+)',
  Version: '(\\$LATEST|[0-9]+)',
  VersionWithLatestPublished: '(\\$LATEST(\\.PUBLISHED)?|[0-9]+)',
  AdditionalVersion: '[0-9]+',
  TaggableResource: `arn:(aws[a-zA-Z-]*):lambda:${REGION}:\\d{12}:(function:[a-zA-Z0-9-_]+(:(\\$LATEST|[a-zA-Z0-9-_]+))?|code-signing-config:csc-[a-z0-9]{17}|event-source-mapping:[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}|capacity-provider:[a-zA-Z0-9-_]+)`,
  LayerName: '(arn:[a-zA-Z0-9-]+:lambda:[a-zA-Z0-9-]+:\\d{12}:layer:[a-zA-Z0-9-_]+)|[a-zA-Z0-9-_]+',
  LayerVersionArn: 'arn:[a-zA-Z0-9-]+:lambda:[a-zA-Z0-9-]+:\\d{12}:layer:[a-zA-Z0-9-_]+:[0-9]+',
  LayerPermissionAllowedAction: 'lambda:GetLayerVersion',
  LayerPermissionAllowedPrincipal: '\\d{12}|\\*|arn:(aws[a-zA-Z-]*):iam::\\d{12}:root',
  OrganizationId: 'o-[a-z0-9]{10,32}',
  CodeSigningConfigArn: `arn:(aws[a-zA-Z-]*)?:lambda:${REGION_ISOB}:\\d{12}:code-signing-config:csc-[a-z0-9]{17}`,
  SigningProfileVersionArn: `arn:(aws[a-zA-Z0-9-]*):([a-zA-Z0-9\\-])+:(${REGION})?:(\\d{12})?:(.*)`,
} as const;

/** The model's `Runtime` enum, in its order. */
export const RUNTIMES = [
  'nodejs',
  'nodejs4.3',
  'nodejs6.10',
  'nodejs8.10',
  'nodejs10.x',
  'nodejs12.x',
  'nodejs14.x',
  'nodejs16.x',
  'java8',
  'java8.al2',
  'java11',
  'python2.7',
  'python3.6',
  'python3.7',
  'python3.8',
  'python3.9',
  'dotnetcore1.0',
  'dotnetcore2.0',
  'dotnetcore2.1',
  'dotnetcore3.1',
  'dotnet6',
  'dotnet8',
  'nodejs4.3-edge',
  'go1.x',
  'ruby2.5',
  'ruby2.7',
  'provided',
  'provided.al2',
  'nodejs18.x',
  'python3.10',
  'java17',
  'ruby3.2',
  'ruby3.3',
  'ruby3.4',
  'python3.11',
  'nodejs20.x',
  'provided.al2023',
  'python3.12',
  'java21',
  'python3.13',
  'nodejs22.x',
  'nodejs24.x',
  'python3.14',
  'java25',
  'dotnet10',
  'ruby4.0',
] as const;

export const ARCHITECTURES = ['x86_64', 'arm64'] as const;

/** Model shapes by name, ready for `structure({...})`. */
export const SHAPES = {
  FunctionName: { type: 'string', length: { min: 1, max: 140 }, pattern: PATTERNS.FunctionName },
  NamespacedFunctionName: { type: 'string', length: { min: 1, max: 256 }, pattern: PATTERNS.NamespacedFunctionName },
  UnqualifiedFunctionName: { type: 'string', length: { min: 1, max: 140 }, pattern: PATTERNS.UnqualifiedFunctionName },
  Qualifier: { type: 'string', length: { min: 1, max: 128 }, pattern: PATTERNS.Qualifier },
  NumericLatestPublishedOrAliasQualifier: { type: 'string', length: { min: 1, max: 128 }, pattern: PATTERNS.NumericLatestPublishedOrAliasQualifier },
  StatementId: { type: 'string', length: { min: 1, max: 100 }, pattern: PATTERNS.StatementId },
  NamespacedStatementId: { type: 'string', length: { min: 1, max: 100 }, pattern: PATTERNS.NamespacedStatementId },
  Runtime: { type: 'string', enum: RUNTIMES },
  Architecture: { type: 'string', enum: ARCHITECTURES },
  FunctionVersion: { type: 'string', enum: ['ALL'] },
  TaggableResource: { type: 'string', length: { min: 1, max: 256 }, pattern: PATTERNS.TaggableResource },
  CodeSigningConfigArn: { type: 'string', length: { min: 0, max: 200 }, pattern: PATTERNS.CodeSigningConfigArn },
  Description: { type: 'string', length: { min: 0, max: 256 } },
  PositiveInteger: { type: 'integer', range: { min: 1 } },
  MaxListItems: { type: 'integer', range: { min: 1, max: 10000 }, fromText: true },
  MaxLayerListItems: { type: 'integer', range: { min: 1, max: 50 }, fromText: true },
  MaxProvisionedConcurrencyConfigListItems: { type: 'integer', range: { min: 1, max: 50 }, fromText: true },
  /** `AliasRoutingConfiguration.AdditionalVersionWeights`: version → weight (a double in [0, 1]). */
  AdditionalVersionWeights: {
    type: 'map',
    key: { type: 'string', required: true, length: { min: 1, max: 1024 }, pattern: PATTERNS.AdditionalVersion },
    value: { type: 'double', required: true, range: { min: 0, max: 1 } },
  },
} as const satisfies Record<string, Shape>;

/** A model shape made required. */
export function required<S extends StringShape | NumberShape | Shape>(shape: S): S {
  return { ...shape, required: true };
}

/**
 * Operations whose `FunctionName` is the model's NamespacedFunctionName (256 characters, dots, and
 * `$LATEST.PUBLISHED`) with the NumericLatestPublishedOrAliasQualifier; the rest take FunctionName
 * (140) and Qualifier.
 */
export const NAMESPACED_OPERATIONS: ReadonlySet<string> = new Set([
  'GetFunction',
  'GetFunctionConfiguration',
  'DeleteFunction',
  'Invoke',
  'InvokeAsync',
  'InvokeWithResponseStream',
  'AddPermission',
  'RemovePermission',
  'GetPolicy',
  'ListVersionsByFunction',
  'PutFunctionCodeSigningConfig',
  'GetFunctionCodeSigningConfig',
  'DeleteFunctionCodeSigningConfig',
  'PutFunctionEventInvokeConfig',
  'GetFunctionEventInvokeConfig',
  'UpdateFunctionEventInvokeConfig',
  'DeleteFunctionEventInvokeConfig',
  'ListFunctionEventInvokeConfigs',
]);
