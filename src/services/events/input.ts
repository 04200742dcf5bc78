/**
 * What a target receives: the event, the constant `Input`, the part of the event `InputPath`
 * names, or the `InputTransformer`'s template with its `<variables>` filled in.
 */
import type { EventEnvelope } from './envelope.js';
import { readPath } from './json-path.js';

export interface TargetSpec {
  Id: string;
  Arn: string;
  RoleArn?: string;
  Input?: string;
  InputPath?: string;
  InputTransformer?: { InputPathsMap?: Record<string, string>; InputTemplate: string };
  RetryPolicy?: { MaximumRetryAttempts?: number; MaximumEventAgeInSeconds?: number };
  DeadLetterConfig?: { Arn?: string };
  SqsParameters?: { MessageGroupId?: string };
}

export interface RuleInfo {
  ruleArn: string;
  ruleName: string;
  ingestionTimeMs: number;
}

export function renderInput(target: TargetSpec, event: EventEnvelope, rule: RuleInfo): string {
  if (target.Input !== undefined) return target.Input;
  if (target.InputPath !== undefined) return JSON.stringify(readPath(event, target.InputPath) ?? null);
  if (target.InputTransformer) return renderTemplate(target.InputTransformer, event, rule);
  return JSON.stringify(event);
}

/**
 * Variables inside a JSON string are written as their text (strings unquoted, JSON escaped);
 * outside, as JSON values (strings quoted). A template that is not JSON (plain text for a queue)
 * gets every value as text. A path that names nothing is `null` outside quotes, empty inside.
 */
export function renderTemplate(transformer: NonNullable<TargetSpec['InputTransformer']>, event: EventEnvelope, rule: RuleInfo): string {
  const values = new Map<string, unknown>();
  for (const [name, path] of Object.entries(transformer.InputPathsMap ?? {})) values.set(name, readPath(event, path));
  const predefined: Record<string, unknown> = {
    'aws.events.rule-arn': rule.ruleArn,
    'aws.events.rule-name': rule.ruleName,
    'aws.events.event.ingestion-time': new Date(rule.ingestionTimeMs).toISOString().replace(/\.\d{3}Z$/, 'Z'),
    'aws.events.event': event,
    'aws.events.event.json': event,
  };
  const lookup = (name: string): { found: boolean; value: unknown } => {
    if (values.has(name)) return { found: true, value: values.get(name) };
    if (Object.hasOwn(predefined, name)) return { found: true, value: predefined[name] };
    return { found: false, value: undefined };
  };
  const template = transformer.InputTemplate;
  const jsonMode = isJsonTemplate(template, lookup);
  let out = '';
  let inString = false;
  for (let i = 0; i < template.length; i++) {
    const c = template[i]!;
    if (c === '"' && !isEscaped(template, i)) {
      inString = !inString;
      out += c;
      continue;
    }
    if (c === '<') {
      const end = template.indexOf('>', i + 1);
      const name = end > i ? template.slice(i + 1, end) : '';
      const found = name && /^[A-Za-z0-9_.-]+$/.test(name) ? lookup(name) : { found: false, value: undefined };
      if (found.found) {
        out += jsonMode ? (inString ? insideString(found.value) : outsideString(found.value)) : asText(found.value);
        i = end;
        continue;
      }
    }
    out += c;
  }
  return out;
}

function isEscaped(s: string, i: number): boolean {
  let backslashes = 0;
  for (let j = i - 1; j >= 0 && s[j] === '\\'; j--) backslashes++;
  return backslashes % 2 === 1;
}

function isJsonTemplate(template: string, lookup: (name: string) => { found: boolean }): boolean {
  const probe = template.replace(/<([A-Za-z0-9_.-]+)>/g, (whole, name: string) => (lookup(name).found ? 'null' : whole));
  try {
    JSON.parse(probe.replace(/"(?:[^"\\]|\\.)*"/g, '""'));
    return true;
  } catch {
    return false;
  }
}

function insideString(value: unknown): string {
  if (value === undefined || value === null) return '';
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return JSON.stringify(text).slice(1, -1);
}

function outsideString(value: unknown): string {
  return value === undefined ? 'null' : JSON.stringify(value);
}

function asText(value: unknown): string {
  if (value === undefined || value === null) return '';
  return typeof value === 'string' ? value : JSON.stringify(value);
}
