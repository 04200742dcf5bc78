/** The syntax tree of a Velocity template. */
export type Node =
  | { kind: 'text'; text: string }
  | { kind: 'ref'; ref: Reference; quiet: boolean; source: string }
  | { kind: 'set'; target: Reference; value: Expr }
  | { kind: 'if'; branches: { condition: Expr; body: Node[] }[]; otherwise?: Node[] }
  | { kind: 'foreach'; variable: string; items: Expr; body: Node[] }
  | { kind: 'break' }
  | { kind: 'stop' };

/** `$name` followed by `.property`, `.method(args)` and `[index]` steps. */
export interface Reference {
  name: string;
  steps: Step[];
}

export type Step = { kind: 'property'; name: string } | { kind: 'method'; name: string; args: Expr[] } | { kind: 'index'; index: Expr };

export type Expr =
  | { kind: 'literal'; value: unknown }
  | { kind: 'interpolated'; nodes: Node[] }
  | { kind: 'ref'; ref: Reference }
  | { kind: 'list'; items: Expr[] }
  | { kind: 'range'; from: Expr; to: Expr }
  | { kind: 'map'; entries: [Expr, Expr][] }
  | { kind: 'not'; operand: Expr }
  | { kind: 'negate'; operand: Expr }
  | { kind: 'binary'; op: string; left: Expr; right: Expr };

export class VtlError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'VtlError';
  }
}
