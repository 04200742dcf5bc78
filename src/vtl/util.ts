import { VtlError } from './ast.js';
import { display, host } from './values.js';

/** Commons Lang's `escapeJavaScript`, which `$util.escapeJavaScript` is: quotes, backslash, `/`, control and non-ASCII characters escaped. */
export function escapeJavaScript(s: string): string {
  let out = '';
  for (const ch of s) {
    const code = ch.codePointAt(0)!;
    if (code > 0xffff) {
      for (const unit of [ch.charCodeAt(0), ch.charCodeAt(1)]) out += `\\u${unit.toString(16).toUpperCase().padStart(4, '0')}`;
    } else if (code > 0x7f) out += `\\u${code.toString(16).toUpperCase().padStart(4, '0')}`;
    else if (code < 32) {
      const named: Record<number, string> = { 8: '\\b', 9: '\\t', 10: '\\n', 12: '\\f', 13: '\\r' };
      out += named[code] ?? `\\u${code.toString(16).toUpperCase().padStart(4, '0')}`;
    } else if (ch === "'") out += "\\'";
    else if (ch === '"') out += '\\"';
    else if (ch === '\\') out += '\\\\';
    else if (ch === '/') out += '\\/';
    else out += ch;
  }
  return out;
}

/** Java's `URLEncoder.encode(s, "UTF-8")`: `+` for spaces, `.-*_` kept. */
export function urlEncode(s: string): string {
  return encodeURIComponent(s)
    .replace(/%20/g, '+')
    .replace(/[!'()~]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

export function urlDecode(s: string): string {
  try {
    return decodeURIComponent(s.replace(/\+/g, ' '));
  } catch {
    throw new VtlError(`Invalid URL encoding: ${s}`);
  }
}

/** `$util`, as API Gateway mapping templates have it. */
export const util = host({
  escapeJavaScript: (s: unknown) => escapeJavaScript(display(s)),
  parseJson: (s: unknown) => {
    try {
      return JSON.parse(display(s)) as unknown;
    } catch {
      throw new VtlError(`Invalid JSON: ${display(s)}`);
    }
  },
  urlEncode: (s: unknown) => urlEncode(display(s)),
  urlDecode: (s: unknown) => urlDecode(display(s)),
  base64Encode: (s: unknown) => Buffer.from(display(s), 'utf8').toString('base64'),
  base64Decode: (s: unknown) => Buffer.from(display(s), 'base64').toString('utf8'),
});
