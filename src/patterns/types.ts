/**
 * A compiled event pattern. Object patterns mirror the event's structure; each leaf is a list of
 * conditions OR'ed together; every field named must match (AND); `$or` offers alternatives.
 */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

export interface ObjectPattern {
  kind: 'object';
  /** Field name (one path segment; dotted names are split at compile time) to sub-pattern. */
  fields: Map<string, PatternNode>;
  /** Each `$or` at this level: at least one alternative must match the same object. */
  ors: ObjectPattern[][];
}

export interface LeafPattern {
  kind: 'leaf';
  conditions: Condition[];
}

export type PatternNode = ObjectPattern | LeafPattern;

/** A scalar value of the event: a string, number, boolean or null. */
export type Scalar = string | number | boolean | null;

export type Condition =
  | { op: 'equals'; value: Scalar }
  | { op: 'prefix'; value: string; ignoreCase: boolean }
  | { op: 'suffix'; value: string; ignoreCase: boolean }
  | { op: 'equals-ignore-case'; value: string }
  | { op: 'wildcard'; regex: RegExp }
  | { op: 'anything-but'; values: Scalar[] }
  | { op: 'anything-but-prefix'; value: string }
  | { op: 'anything-but-suffix'; value: string }
  | { op: 'anything-but-ignore-case'; values: string[] }
  | { op: 'anything-but-wildcard'; regexes: RegExp[] }
  | { op: 'numeric'; bounds: NumericBound[] }
  | { op: 'exists'; value: boolean }
  | { op: 'cidr'; test: (ip: string) => boolean };

export interface NumericBound {
  cmp: '<' | '<=' | '=' | '>' | '>=';
  value: number;
}

/** Raised for a malformed pattern; `message` reads like EventBridge's parser reason. */
export class PatternError extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'PatternError';
  }
}
