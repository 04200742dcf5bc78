import { parseArn, targetServiceOf } from '../../targets/index.js';
import type { Scope } from './arns.js';
import { invalidParameter } from './errors.js';

/**
 * Lambda's own rules for `DeadLetterConfig.TargetArn` in CreateFunction and UpdateFunctionConfiguration:
 * an SQS queue or SNS topic in the function's region, not a FIFO queue. An empty ARN removes the
 * DLQ. AWS checks the execution role's permission to send rather than the target's existence, and
 * Tributary has no IAM, so a queue that does not exist yet is accepted (its sends fail and are logged).
 */
export function validateDeadLetterConfig(config: { TargetArn?: string } | undefined, scope: Scope): void {
  const arn = config?.TargetArn;
  if (!arn) return;
  const service = targetServiceOf(arn);
  if (service !== 'sqs' && service !== 'sns') {
    throw invalidParameter('Invalid dead letter queue ARN: The service specified by the TargetArn is not supported for dead letter configuration.');
  }
  const parsed = parseArn(arn)!;
  if (parsed.region !== scope.region) {
    throw invalidParameter(
      "Invalid dead letter queue ARN: The resource specified by the TargetArn must be in the same region as the Lambda function it's associated with.",
    );
  }
  if (service === 'sqs' && parsed.resource.endsWith('.fifo')) {
    throw invalidParameter('Invalid dead letter queue ARN: FIFO SQS queue is not supported for dead letter configuration');
  }
}
