import { AwsError } from '../protocols/aws-error.js';

export const invalidParameter = (message: string) => new AwsError('InvalidParameterValueException', message, 400);

export const mappingNotFound = () => new AwsError('ResourceNotFoundException', 'The resource you requested does not exist.', 404);

export const conflict = (message: string) => new AwsError('ResourceConflictException', message, 409);

export const resourceInUse = (message: string) => new AwsError('ResourceInUseException', message, 400);
