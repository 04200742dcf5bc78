/**
 * The parity switch, on its own so any test module can read it without pulling in the replay:
 * `TRIBUTARY_TEST_TARGET=aws` means "run against real AWS" — except under CI, where it is a no-op.
 */
export function awsTargetRequested(): boolean {
  return process.env.TRIBUTARY_TEST_TARGET === 'aws' && !process.env.CI;
}

/** The region real-AWS runs use. */
export function awsRegion(): string {
  return process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION ?? 'us-east-1';
}
