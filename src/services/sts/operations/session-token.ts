import { xmlElement } from '../../../protocols/query.js';
import { accountOfAccessKeyId } from '../../../server/access-key-account.js';
import { issueCredentials } from '../credentials.js';
import { durationSeconds } from '../validation.js';
import { credentialsXml } from './assume-role.js';
import type { StsOperation } from './types.js';

/** Temporary credentials for the caller itself (12 hours unless asked otherwise). */
export const getSessionToken: StsOperation = async (params, call) => {
  const seconds = durationSeconds(params, 43200);
  const credentials = issueCredentials({ account: call.ctx.accountId }, call.clock.now() + seconds * 1000);
  return credentialsXml(credentials);
};

/** The account an access key id belongs to, read from the key itself. */
export const getAccessKeyInfo: StsOperation = async (params, call) => {
  const accessKeyId = params.get('AccessKeyId')!;
  const account = /^\d{12}$/.test(accessKeyId) ? accessKeyId : (accountOfAccessKeyId(accessKeyId) ?? call.ctx.accountId);
  return xmlElement('Account', account);
};
