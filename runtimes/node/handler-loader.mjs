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
// specifiers that fail to resolve are retried from each NODE_PATH directory.
let esmFallbackRegistered = false;
function registerEsmFallback() {
  if (esmFallbackRegistered) return;
  esmFallbackRegistered = true;
  const dirs = (process.env.NODE_PATH ?? '').split(path.delimiter).filter(Boolean);
  if (dirs.length === 0 || typeof register !== 'function') return;
  register('./esm-fallback-hooks.mjs', import.meta.url, { data: { parents: dirs.map((d) => pathToFileURL(path.join(d, 'index.mjs')).href) } });
}

function translateLoadError(error) {
  if (error?.code === 'MODULE_NOT_FOUND' || error?.code === 'ERR_MODULE_NOT_FOUND') {
    return new RuntimeError('Runtime.ImportModuleError', `${error.name}: ${error.message}`, error);
  }
  if (error instanceof SyntaxError) {
    return new RuntimeError('Runtime.UserCodeSyntaxError', `${error.name}: ${error.message}`, error);
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
  registerEsmFallback();
  try {
    return await import(pathToFileURL(file).href);
  } catch (error) {
    throw translateLoadError(error);
  }
}

async function loadModule(taskRoot, moduleRoot, moduleName) {
  const base = path.resolve(taskRoot, moduleRoot, moduleName);
  if (isFile(base)) return requireFile(base);
  const typeModule = packageTypeIsModule(base + '.js');
  if (!typeModule && isFile(base + '.js')) return requireFile(base + '.js');
  if (typeModule && isFile(base + '.js')) return importFile(base + '.js');
  if (isFile(base + '.mjs')) return importFile(base + '.mjs');
  if (isFile(base + '.cjs')) return requireFile(base + '.cjs');
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
    throw new RuntimeError('Runtime.MalformedHandlerName', "'..' is not allowed in handler name.");
  }
  const handlerName = path.basename(handlerString);
  const moduleRoot = handlerString.slice(0, handlerString.length - handlerName.length);
  const match = /^([^.]*)\.(.*)$/.exec(handlerName);
  if (!match) throw new RuntimeError('Runtime.MalformedHandlerName', 'Bad handler');
  const [, moduleName, propertyPath] = match;
  const userModule = await loadModule(taskRoot, moduleRoot, moduleName);
  const handler = propertyPath.split('.').reduce((value, key) => (value == null ? undefined : value[key]), userModule);
  if (handler === undefined || handler === null) {
    throw new RuntimeError('Runtime.HandlerNotFound', `${handlerName} is undefined or not exported`);
  }
  if (typeof handler !== 'function') {
    throw new RuntimeError('Runtime.HandlerNotFound', `${handlerName} is not a function`);
  }
  return handler;
}
