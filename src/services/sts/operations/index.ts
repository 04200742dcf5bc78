import { assumeRole, assumeRoleWithWebIdentity } from './assume-role.js';
import { getCallerIdentity } from './get-caller-identity.js';
import { getAccessKeyInfo, getSessionToken } from './session-token.js';
import type { StsOperationName } from '../validation.js';
import type { StsOperation } from './types.js';

export const STS_OPERATIONS: Readonly<Record<StsOperationName, StsOperation>> = {
  AssumeRole: assumeRole,
  AssumeRoleWithWebIdentity: assumeRoleWithWebIdentity,
  GetAccessKeyInfo: getAccessKeyInfo,
  GetCallerIdentity: getCallerIdentity,
  GetSessionToken: getSessionToken,
};
