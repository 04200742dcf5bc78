import { xmlElement } from '../../../protocols/query.js';
import type { StsOperation } from './types.js';

/** Who the request's credentials belong to: the role session they were issued for, else the account's root. */
export const getCallerIdentity: StsOperation = async (_params, call) => {
  const { ctx, session } = call;
  if (session?.assumedRoleArn && session.account === ctx.accountId) {
    return xmlElement('Arn', session.assumedRoleArn) + xmlElement('UserId', session.assumedRoleId) + xmlElement('Account', ctx.accountId);
  }
  return xmlElement('Arn', `arn:aws:iam::${ctx.accountId}:root`) + xmlElement('UserId', ctx.accountId) + xmlElement('Account', ctx.accountId);
};
