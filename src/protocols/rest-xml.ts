import type { ServerResponse } from 'node:http';
import type * as FastXmlParser from 'fast-xml-parser';
import { lazyRequire } from '../lazy-require.js';
import type { AwsError } from './aws-error.js';

/**
 * REST-XML helpers that know no service: rendering element trees, parsing request documents and
 * AWS's `<Error>` document. Element order follows object key order; arrays repeat the element
 * ("flattened" lists); `undefined` members are left out.
 */
export type XmlValue = string | number | boolean | bigint | XmlElement | XmlValue[] | null | undefined;
export interface XmlElement {
  [name: string]: XmlValue;
}

export const XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>\n';

export function escapeXml(text: string): string {
  return text.replace(/[&<>"'\r\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, (c) => {
    switch (c) {
      case '&':
        return '&amp;';
      case '<':
        return '&lt;';
      case '>':
        return '&gt;';
      case '"':
        return '&quot;';
      case "'":
        return '&apos;';
      default:
        return `&#x${c.charCodeAt(0).toString(16).toUpperCase()};`;
    }
  });
}

function renderMember(name: string, value: XmlValue, out: string[]): void {
  if (value === undefined) return;
  if (Array.isArray(value)) {
    for (const item of value) renderMember(name, item, out);
    return;
  }
  if (value === null) {
    out.push(`<${name}/>`);
    return;
  }
  if (typeof value === 'object') {
    const attributes = Object.entries(value)
      .filter(([key, v]) => key.startsWith('@') && v !== undefined)
      .map(([key, v]) => ` ${key.slice(1)}="${escapeXml(String(v))}"`)
      .join('');
    out.push(`<${name}${attributes}>`);
    renderChildren(value, out);
    out.push(`</${name}>`);
    return;
  }
  const text = escapeXml(String(value));
  out.push(text === '' ? `<${name}></${name}>` : `<${name}>${text}</${name}>`);
}

function renderChildren(element: XmlElement, out: string[]): void {
  for (const [name, value] of Object.entries(element)) if (!name.startsWith('@')) renderMember(name, value, out);
}

/** A whole document: declaration, then `<root xmlns="...">children</root>`. */
export function renderXmlDocument(root: string, content: XmlElement | string, xmlns?: string): string {
  const out: string[] = [XML_DECLARATION, xmlns ? `<${root} xmlns="${xmlns}">` : `<${root}>`];
  if (typeof content === 'string') out.push(escapeXml(content));
  else renderChildren(content, out);
  out.push(`</${root}>`);
  return out.join('');
}

export class XmlSyntaxError extends Error {}

const xmlLibrary = lazyRequire<typeof FastXmlParser>('fast-xml-parser');

/**
 * Parses a request document into plain objects: text content as strings (never coerced),
 * namespace prefixes and attributes dropped. Elements named in `arrays` are always arrays.
 */
export function parseXmlDocument(body: Buffer | string, arrays: readonly string[] = []): Record<string, unknown> {
  const text = typeof body === 'string' ? body : body.toString('utf8');
  if (text.trim() === '') throw new XmlSyntaxError('empty document');
  const { XMLParser, XMLValidator } = xmlLibrary();
  const valid = XMLValidator.validate(text);
  if (valid !== true) throw new XmlSyntaxError(valid.err.msg);
  const arraySet = new Set(arrays);
  const parser = new XMLParser({
    ignoreAttributes: true,
    removeNSPrefix: true,
    parseTagValue: false,
    trimValues: false,
    ignoreDeclaration: true,
    processEntities: true,
    isArray: (name) => arraySet.has(name),
  });
  let parsed: unknown;
  try {
    parsed = parser.parse(text);
  } catch (err) {
    // The parser's own limits (nesting depth, entity expansion) are malformed input too.
    throw new XmlSyntaxError(err instanceof Error ? err.message : String(err));
  }
  if (!parsed || typeof parsed !== 'object') throw new XmlSyntaxError('no root element');
  return parsed as Record<string, unknown>;
}

/** AWS's error document: Code, Message, the error's extra fields, then RequestId and HostId. */
export function renderErrorXml(err: AwsError, ids: { requestId: string; hostId?: string }): string {
  const element: XmlElement = { Code: err.code, Message: err.message };
  for (const [name, value] of Object.entries(err.fields)) element[name] = value as XmlValue;
  element.RequestId = ids.requestId;
  if (ids.hostId !== undefined) element.HostId = ids.hostId;
  return renderXmlDocument('Error', element);
}

export function sendXml(res: ServerResponse, status: number, headers: Record<string, string | number>, xml: string): void {
  const body = Buffer.from(xml, 'utf8');
  res.writeHead(status, { 'Content-Type': 'application/xml', ...headers, 'Content-Length': body.length });
  res.end(body);
}
