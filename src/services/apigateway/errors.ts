import { AwsError } from '../../protocols/aws-error.js';

/** API Gateway's control-plane errors: a JSON body with `message`, the type in `x-amzn-ErrorType`. */
export const notFound = (message: string): AwsError => new AwsError('NotFoundException', message, 404);
export const badRequest = (message: string): AwsError => new AwsError('BadRequestException', message, 400);
export const conflict = (message: string): AwsError => new AwsError('ConflictException', message, 409);

export const invalidApi = (accountId: string, id: string): AwsError => notFound(`Invalid API identifier specified ${accountId}:${id}`);
export const invalidResource = (): AwsError => notFound('Invalid Resource identifier specified');
export const invalidMethod = (): AwsError => notFound('Invalid Method identifier specified');
export const invalidIntegration = (): AwsError => notFound('Invalid Integration identifier specified');
export const invalidResponse = (): AwsError => notFound('Invalid Response status code specified');
export const invalidStage = (): AwsError => notFound('Invalid Stage identifier specified');
export const invalidDeployment = (): AwsError => notFound('Invalid Deployment identifier specified');
export const invalidAuthorizer = (): AwsError => notFound('Invalid Authorizer identifier specified');
export const invalidApiKey = (): AwsError => notFound('Invalid API Key identifier specified');
export const invalidUsagePlan = (id: string): AwsError => notFound(`Invalid Usage Plan ID specified: ${id}`);
