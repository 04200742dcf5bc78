import { AwsError } from '../../protocols/aws-error.js';

export const notFound = (message: string, resourceType?: string) => new AwsError('NotFoundException', message, 404, resourceType ? { resourceType } : {});
export const badRequest = (message: string) => new AwsError('BadRequestException', message, 400);
export const conflict = (message: string) => new AwsError('ConflictException', message, 409);

/** `Invalid API identifier specified 123456789012:a1b2c3d4e5`, as AWS words a missing API. */
export const apiNotFound = (accountId: string, apiId: string) => notFound(`Invalid API identifier specified ${accountId}:${apiId}`, 'Api');
