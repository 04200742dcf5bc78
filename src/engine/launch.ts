import { existsSync } from 'node:fs';
import { access, constants } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { resolvePythonInterpreter } from './python-interpreter.js';
import { javaPlan } from './java-runtime.js';
import { nodeSdkDir } from './node-sdk.js';
import { pythonSdkDir } from './python-sdk.js';
import type { FunctionSpec } from './types.js';

/** How to start one instance of a function: the process and the runtime-specific environment. */
export interface LaunchPlan {
  command: string;
  args: string[];
  /** Set for managed runtimes (`AWS_Lambda_nodejs20.x`); absent for `provided.*`. */
  executionEnv?: string;
  runtimeDir: string;
  /** Directories put first on PATH. */
  binDirs: string[];
  env: Record<string, string>;
}

/** Why a function cannot be started at all; becomes the invocation's error. */
export class LaunchError extends Error {
  constructor(
    readonly errorType: string,
    message: string,
  ) {
    super(message);
  }
}

function findInstallRoot(start: string): string {
  for (let dir = start; path.dirname(dir) !== dir; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'runtimes')) && existsSync(path.join(dir, 'package.json'))) return dir;
  }
  return start;
}

const installRoot = findInstallRoot(path.dirname(fileURLToPath(import.meta.url)));
const runtimesDir = path.join(installRoot, 'runtimes');
/** Tributary's own node_modules, and the one it is installed into (hoisted dependencies). */
const tributaryNodeModules = [path.join(installRoot, 'node_modules')];
for (let dir = path.dirname(installRoot); path.dirname(dir) !== dir; dir = path.dirname(dir)) {
  if (path.basename(dir) === 'node_modules') {
    tributaryNodeModules.push(dir);
    break;
  }
}

async function isExecutable(file: string): Promise<boolean> {
  try {
    await access(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

async function exists(file: string): Promise<boolean> {
  try {
    await access(file, constants.F_OK);
    return true;
  } catch {
    return false;
  }
}

async function nodePlan(spec: FunctionSpec): Promise<LaunchPlan> {
  const major = /^nodejs(\d+)/.exec(spec.runtime)?.[1] ?? '20';
  // Lambda's NODE_PATH: layers (versioned first), the runtime's bundled SDK, then the task root.
  const sdk = await nodeSdkDir(tributaryNodeModules);
  const nodePath = [
    ...spec.layerDirs.flatMap((dir) => [path.join(dir, 'nodejs', `node${major}`, 'node_modules'), path.join(dir, 'nodejs', 'node_modules')]),
    ...(sdk ? [sdk] : []),
    spec.codeDir,
  ];
  const runtimeDir = path.join(runtimesDir, 'node');
  return {
    command: process.execPath,
    // Lambda's bootstrap also sizes the heap from the memory setting and passes --expose-gc; V8 flags
    // make Node.js reject its built-in code cache (~20 ms per cold start), so the bootstrap exposes
    // gc() lazily instead and the memory setting is not enforced.
    args: ['--max-http-header-size=81920', path.join(runtimeDir, 'bootstrap.mjs')],
    executionEnv: `AWS_Lambda_${spec.runtime}`,
    runtimeDir,
    binDirs: [path.dirname(process.execPath)],
    env: { NODE_PATH: nodePath.join(path.delimiter) },
  };
}

async function pythonPlan(spec: FunctionSpec): Promise<LaunchPlan> {
  const interpreter = await resolvePythonInterpreter(spec.runtime);
  if (!interpreter) throw new LaunchError('Runtime.InvalidEntrypoint', `No Python interpreter (3.9 or newer) found for ${spec.runtime}`);
  const minor = /^python(3\.\d+)$/.exec(spec.runtime)?.[1] ?? '3.12';
  const layerPaths = [...spec.layerDirs]
    .reverse()
    .flatMap((dir) => [path.join(dir, 'python', 'lib', `python${minor}`, 'site-packages'), path.join(dir, 'python')]);
  const runtimeDir = path.join(runtimesDir, 'python');
  // -S: like Lambda, a function sees the standard library, its own code and layers, and the bundled
  // SDK (appended to sys.path by the bootstrap), not whatever the machine has installed.
  const args = ['-u', '-S', path.join(runtimeDir, 'bootstrap.py')];
  const sdkDir = await pythonSdkDir(interpreter);
  if (sdkDir) args.push(sdkDir);
  return {
    command: interpreter.executable,
    args,
    executionEnv: `AWS_Lambda_${spec.runtime}`,
    runtimeDir,
    binDirs: [path.dirname(interpreter.executable)],
    env: { PYTHONPATH: [spec.codeDir, ...layerPaths].join(path.delimiter) },
  };
}

async function providedPlan(spec: FunctionSpec): Promise<LaunchPlan> {
  // Later layers overwrite earlier ones in /opt, so the last layer's bootstrap wins.
  const candidates = [path.join(spec.codeDir, 'bootstrap'), ...[...spec.layerDirs].reverse().map((dir) => path.join(dir, 'bootstrap'))];
  for (const candidate of candidates) {
    if (!(await exists(candidate))) continue;
    if (!(await isExecutable(candidate))) {
      const shown = candidate === candidates[0] ? '/var/task/bootstrap' : '/opt/bootstrap';
      throw new LaunchError('Runtime.InvalidEntrypoint', `fork/exec ${shown}: permission denied`);
    }
    return { command: candidate, args: [], runtimeDir: spec.codeDir, binDirs: [], env: {} };
  }
  throw new LaunchError('Runtime.InvalidEntrypoint', "Couldn't find valid bootstrap(s): [/var/task/bootstrap /opt/bootstrap]");
}

/** A path as the function knows it (`/opt/...` for layers, `/var/task/...` for code) on this machine. */
async function localPath(spec: FunctionSpec, file: string): Promise<string> {
  if (file.startsWith('/var/task/')) return path.join(spec.codeDir, file.slice('/var/task/'.length));
  if (file.startsWith('/opt/')) {
    for (const dir of [...spec.layerDirs].reverse()) {
      const candidate = path.join(dir, file.slice('/opt/'.length));
      if (await exists(candidate)) return candidate;
    }
  }
  return file;
}

/** AWS_LAMBDA_EXEC_WRAPPER: managed runtimes start through the wrapper script, runtime command as arguments. */
async function withWrapper(spec: FunctionSpec, plan: LaunchPlan): Promise<LaunchPlan> {
  const wrapper = spec.environment.AWS_LAMBDA_EXEC_WRAPPER;
  if (!wrapper) return plan;
  const script = await localPath(spec, wrapper);
  if (!(await isExecutable(script))) throw new LaunchError('Runtime.InvalidEntrypoint', `fork/exec ${wrapper}: no such file or directory`);
  return { ...plan, command: script, args: [plan.command, ...plan.args] };
}

export async function planLaunch(spec: FunctionSpec): Promise<LaunchPlan> {
  if (!(await exists(spec.codeDir))) throw new LaunchError('Runtime.InvalidWorkingDir', `chdir /var/task: no such file or directory`);
  if (/^nodejs\d+\.x$/.test(spec.runtime)) return withWrapper(spec, await nodePlan(spec));
  if (/^python3\.\d+$/.test(spec.runtime)) return withWrapper(spec, await pythonPlan(spec));
  if (/^java(11|17|21)$/.test(spec.runtime)) return withWrapper(spec, await javaPlan(spec));
  if (spec.runtime.startsWith('provided')) return providedPlan(spec);
  throw new LaunchError('Runtime.InvalidEntrypoint', `Runtime ${spec.runtime} is not supported by Tributary`);
}
