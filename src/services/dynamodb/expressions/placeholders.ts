/**
 * `ExpressionAttributeNames` and `ExpressionAttributeValues` of one request: what each placeholder
 * stands for, and which ones the request's expressions used (AWS rejects unused ones).
 */
import { AwsError } from '../../../protocols/aws-error.js';
import { type AttributeValue, checkValue } from '../values.js';

export class Placeholders {
  readonly usedNames = new Set<string>();
  readonly usedValues = new Set<string>();
  private readonly values: Record<string, AttributeValue> = {};

  constructor(
    readonly names: Readonly<Record<string, string>> | undefined,
    rawValues: Readonly<Record<string, unknown>> | undefined,
  ) {
    if (names !== undefined && Object.keys(names).length === 0) {
      throw new AwsError('ValidationException', 'ExpressionAttributeNames must not be empty', 400);
    }
    if (rawValues !== undefined) {
      if (Object.keys(rawValues).length === 0) throw new AwsError('ValidationException', 'ExpressionAttributeValues must not be empty', 400);
      for (const [key, raw] of Object.entries(rawValues)) {
        try {
          this.values[key] = checkValue(raw);
        } catch (err) {
          if (err instanceof AwsError && err.code === 'ValidationException') {
            throw new AwsError('ValidationException', `ExpressionAttributeValues contains invalid value: ${err.message} for key ${key}`, 400);
          }
          throw err;
        }
      }
    }
  }

  /** The name `#n` stands for, or undefined when it is not defined. */
  name(ref: string): string | undefined {
    if (!this.names || !Object.hasOwn(this.names, ref)) return undefined;
    this.usedNames.add(ref);
    return this.names[ref];
  }

  value(ref: string): AttributeValue | undefined {
    if (!Object.hasOwn(this.values, ref)) return undefined;
    this.usedValues.add(ref);
    return this.values[ref];
  }

  /** AWS's check once every expression of the request is parsed. */
  assertAllUsed(): void {
    const unusedNames = Object.keys(this.names ?? {}).filter((n) => !this.usedNames.has(n));
    if (unusedNames.length > 0) {
      throw new AwsError('ValidationException', `Value provided in ExpressionAttributeNames unused in expressions: keys: {${unusedNames.join(', ')}}`, 400);
    }
    const unusedValues = Object.keys(this.values).filter((n) => !this.usedValues.has(n));
    if (unusedValues.length > 0) {
      throw new AwsError('ValidationException', `Value provided in ExpressionAttributeValues unused in expressions: keys: {${unusedValues.join(', ')}}`, 400);
    }
  }
}
