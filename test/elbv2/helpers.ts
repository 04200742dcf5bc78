import { ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import { AddPermissionCommand, type LambdaClient } from '@aws-sdk/client-lambda';
import { clientConfig } from '../support/tributary.js';

export function elbClient(url: string): ElasticLoadBalancingV2Client {
  return new ElasticLoadBalancingV2Client({ ...clientConfig(url), maxAttempts: 1 });
}

/** What AWS requires before a function can be a target: ELB may invoke it for that target group. */
export async function allowElb(lambda: LambdaClient, functionName: string, targetGroupArn: string): Promise<void> {
  await lambda.send(
    new AddPermissionCommand({
      FunctionName: functionName,
      StatementId: `elb-${targetGroupArn.slice(-16)}`,
      Action: 'lambda:InvokeFunction',
      Principal: 'elasticloadbalancing.amazonaws.com',
      SourceArn: targetGroupArn,
    }),
  );
}
