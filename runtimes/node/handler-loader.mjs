// Finds and loads the handler named by _HANDLER the way the Node.js managed runtime does:
// `path/to/module.fn.nested`, CommonJS or ES module, with AWS's init error types and messages.
import fs from 'node:fs';
import { createRequire, register } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { RuntimeError } from './errors.mjs';

const require = createRequire(import.meta.url);

function isFile(file) {
  try {
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

function packageTypeIsModule(file) {
  for (let dir = path.dirname(file); ; dir = path.dirname(dir)) {
    if (dir.endsWith('/node_modules')) return false;
    const manifest = path.join(dir, 'package.json');
    if (isFile(manifest)) {
      try {
        return JSON.parse(fs.readFileSync(manifest, 'utf8')).type === 'module';
      } catch {
        return false;
      }
    }
    if (path.dirname(dir) === dir) return false;
  }
}

// ES modules ignore NODE_PATH; AWS still lets them import the SDK and layer packages, so bare
// specifiers that fail to resolve are retried from each NODE_PATH directory by resolve hooks.
// The hooks run on a worker thread that costs a cold start dearly, so they are registered only
// when an import needs them, or once the first invocation has been answered.
let esmFallbackRegistered = false;
let handlerIsEsm = false;

/** Registers the NODE_PATH hooks; true when this call registered them. */
export function registerEsmFallback() {
  if (esmFallbackRegistered) return false;
  esmFallbackRegistered = true;
  const dirs = (process.env.NODE_PATH ?? '').split(path.delimiter).filter(Boolean);
  if (dirs.length === 0 || typeof register !== 'function') return false;
  register('./esm-fallback-hooks.mjs', import.meta.url, { data: { parents: dirs.map((d) => pathToFileURL(path.join(d, 'index.mjs')).href) } });
  return true;
}

/** After the first response: ES module handlers may still import packages lazily. */
export function registerEsmFallbackIfUseful() {
  if (handlerIsEsm) registerEsmFallback();
}

// As the managed runtime: only CommonJS's MODULE_NOT_FOUND becomes Runtime.ImportModuleError (an
// ES module's missing package surfaces as a plain Error), and a syntax error keeps its own stack.
function translateLoadError(error) {
  if (error instanceof SyntaxError) {
    const translated = new RuntimeError('Runtime.UserCodeSyntaxError', `${error.name}: ${error.message}`);
    translated.stack = error.stack;
    return translated;
  }
  if (error?.code === 'MODULE_NOT_FOUND') {
    return new RuntimeError('Runtime.ImportModuleError', `${error.name}: ${error.message}`, error);
  }
  return error;
}

function requireFile(file) {
  try {
    return require(file);
  } catch (error) {
    throw translateLoadError(error);
  }
}

async function importFile(file) {
  handlerIsEsm = true;
  // A handler that imports lazily (`await import(...)` in the handler) needs the hooks from the start.
  if (/\bimport\s*\(/.test(fs.readFileSync(file, 'utf8'))) registerEsmFallback();
  const url = pathToFileURL(file).href;
  try {
    return await import(url);
  } catch (error) {
    // Resolution fails while linking, before any module code ran, so importing again is safe;
    // the query makes a fresh module record instead of the cached failure.
    const barePackageMissing = error?.code === 'ERR_MODULE_NOT_FOUND' && String(error.message).startsWith('Cannot find package');
    if (!barePackageMissing || !registerEsmFallback()) throw translateLoadError(error);
    try {
      return await import(`${url}?node-path`);
    } catch (retryError) {
      throw translateLoadError(retryError);
    }
  }
}

async function loadModule(taskRoot, moduleRoot, moduleName) {
  const base = path.resolve(taskRoot, moduleRoot, moduleName);
  if (isFile(base)) return requireFile(base);
  const typeModule = packageTypeIsModule(`${base}.js`);
  if (!typeModule && isFile(`${base}.js`)) return requireFile(`${base}.js`);
  if (typeModule && isFile(`${base}.js`)) return importFile(`${base}.js`);
  if (isFile(`${base}.mjs`)) return importFile(`${base}.mjs`);
  if (isFile(`${base}.cjs`)) return requireFile(`${base}.cjs`);
  let resolved;
  try {
    resolved = require.resolve(moduleName, { paths: [taskRoot, path.resolve(taskRoot, moduleRoot)] });
  } catch {
    throw new RuntimeError('Runtime.ImportModuleError', `Error: Cannot find module '${moduleName}'\nRequire stack:\n- /var/runtime/index.mjs`);
  }
  return requireFile(resolved);
}

export async function loadHandler(taskRoot, handlerString = '') {
  if (handlerString.includes('..')) {
    throw new RuntimeError(
      'Runtime.MalformedHandlerName',
      `'${handlerString}' is not a valid handler name. Use absolute paths when specifying root directories in handler names.`,
    );
  }
  const handlerName = path.basename(handlerString);
  const moduleRoot = handlerString.slice(0, handlerString.length - handlerName.length);
  const match = /^([^.]*)\.(.*)$/.exec(handlerName);
  if (!match) throw new RuntimeError('Runtime.MalformedHandlerName', 'Bad handler');
  const [, moduleName, propertyPath] = match;
  const userModule = await loadModule(taskRoot, moduleRoot, moduleName);
  const handler = propertyPath.split('.').reduce((value, key) => (value == null ? undefined : value[key]), userModule);
  if (handler === undefined || handler === null) {
    throw new RuntimeError('Runtime.HandlerNotFound', `${handlerString} is undefined or not exported`);
  }
  if (typeof handler !== 'function') {
    throw new RuntimeError('Runtime.HandlerNotFound', `${handlerString} is not a function`);
  }
  return handler;
}
