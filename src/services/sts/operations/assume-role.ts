import { xmlElement } from '../../../protocols/query.js';
import { issueCredentials, roleIdOf, type TemporaryCredentials } from '../credentials.js';
import { durationSeconds, parseRoleArn } from '../validation.js';
import type { StsCall, StsOperation } from './types.js';

/** Credentials for a role session; the session belongs to the role's account. */
export const assumeRole: StsOperation = async (params, call) => {
  const session = roleSession(params, call);
  const sourceIdentity = params.get('SourceIdentity');
  return (
    xmlElement('SourceIdentity', sourceIdentity) +
    assumedRoleUserXml(session) +
    credentialsXml(session.credentials) +
    xmlElement('PackedPolicySize', params.has('Policy') || params.has('PolicyArns.member.1') ? 6 : undefined)
  );
};

/** As AssumeRole, for a caller that proves itself with an OIDC token instead of AWS credentials. */
export const assumeRoleWithWebIdentity: StsOperation = async (params, call) => {
  const token = params.get('WebIdentityToken')!;
  const session = roleSession(params, call);
  const claims = jwtClaims(token);
  return (
    xmlElement('SubjectFromWebIdentityToken', typeof claims.sub === 'string' ? claims.sub : '') +
    xmlElement('Audience', Array.isArray(claims.aud) ? claims.aud[0] : typeof claims.aud === 'string' ? claims.aud : undefined) +
    assumedRoleUserXml(session) +
    credentialsXml(session.credentials) +
    xmlElement('Provider', params.get('ProviderId') ?? (typeof claims.iss === 'string' ? claims.iss.replace(/^https:\/\//, '') : undefined))
  );
};

interface RoleSession {
  arn: string;
  id: string;
  credentials: TemporaryCredentials;
}

function roleSession(params: ReadonlyMap<string, string>, call: StsCall): RoleSession {
  const roleArn = params.get('RoleArn')!;
  const sessionName = params.get('RoleSessionName')!;
  const seconds = durationSeconds(params, 3600);
  const { account, roleName } = parseRoleArn(roleArn);
  const arn = `arn:aws:sts::${account}:assumed-role/${roleName}/${sessionName}`;
  const id = `${roleIdOf(roleArn)}:${sessionName}`;
  const credentials = issueCredentials({ account, assumedRoleArn: arn, assumedRoleId: id }, call.clock.now() + seconds * 1000);
  return { arn, id, credentials };
}

export function credentialsXml(c: TemporaryCredentials): string {
  return (
    '<Credentials>' +
    xmlElement('AccessKeyId', c.AccessKeyId) +
    xmlElement('SecretAccessKey', c.SecretAccessKey) +
    xmlElement('SessionToken', c.SessionToken) +
    xmlElement('Expiration', c.Expiration) +
    '</Credentials>'
  );
}

function assumedRoleUserXml(session: RoleSession): string {
  return `<AssumedRoleUser>${xmlElement('Arn', session.arn)}${xmlElement('AssumedRoleId', session.id)}</AssumedRoleUser>`;
}

/** The payload of a JWT, unverified (Tributary trusts every identity provider). */
function jwtClaims(token: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8'));
    return value && typeof value === 'object' ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}
