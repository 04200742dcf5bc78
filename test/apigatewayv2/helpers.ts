import { ApiGatewayV2Client } from '@aws-sdk/client-apigatewayv2';
import { clientConfig } from '../support/tributary.js';

export function apiClient(url: string): ApiGatewayV2Client {
  return new ApiGatewayV2Client({ ...clientConfig(url), maxAttempts: 1 });
}

export const lambdaArn = (name: string) => `arn:aws:lambda:us-east-1:123456789012:function:${name}`;
