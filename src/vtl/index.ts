/**
 * The Velocity Template Language as API Gateway mapping templates use it: references, `#set`,
 * `#if/#elseif/#else`, `#foreach` (with `$foreach`), Java-style methods on strings, lists and maps,
 * `$util`, and a small JSONPath for `$input`.
 */
export { VtlError } from './ast.js';
export { jsonPath } from './jsonpath.js';
export { compile, render, type Variables } from './render.js';
export { escapeJavaScript, urlDecode, urlEncode, util } from './util.js';
export { display, host, type HostObject } from './values.js';
