import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, realpathSync } from 'node:fs';
import path from 'node:path';
import { LaunchError, type LaunchPlan } from './launch.js';
import { sharedArchive } from './java-cds.js';
import { ricClasspath, RicUnavailableError } from './java-ric.js';
import type { FunctionSpec } from './types.js';

/**
 * The managed Java runtimes (java11, java17, java21): a JDK of the runtime's version when one is
 * installed, else the machine's default JDK, running AWS's runtime interface client as Lambda's
 * own Java runtime does.
 */
interface Jdk {
  home: string;
  java: string;
  major: number;
}

function jdkAt(home: string): Jdk | undefined {
  const java = path.join(home, 'bin', 'java');
  if (!existsSync(java)) return undefined;
  const version =
    /^JAVA_VERSION="(\d+)(?:\.(\d+))?/m.exec(releaseFile(home)) ?? /^\s*java\.specification\.version = (\d+)(?:\.(\d+))?/m.exec(reportedSettings(java));
  if (!version) return undefined;
  // Java 8 and older call themselves 1.8.
  const major = version[1] === '1' ? Number(version[2]) : Number(version[1]);
  return { home, java, major };
}

function releaseFile(home: string): string {
  try {
    return readFileSync(path.join(home, 'release'), 'utf8');
  } catch {
    return '';
  }
}

/** For an installation without a `release` file: ask the JVM (about 100 ms, once per installation). */
function reportedSettings(java: string): string {
  // The settings go to stderr.
  const probe = spawnSync(java, ['-XshowSettings:properties', '-version'], { encoding: 'utf8', stdio: ['ignore', 'ignore', 'pipe'], timeout: 10_000 });
  return probe.stderr ?? '';
}

function javaOnPath(): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    const candidate = path.join(dir, 'java');
    if (dir && existsSync(candidate)) return candidate;
  }
  return undefined;
}

let installed: { all: Jdk[]; preferred?: Jdk } | undefined;

/** The JDKs on this machine; the first is the one `JAVA_HOME` or `java` on PATH names. */
function installedJdks(): { all: Jdk[]; preferred?: Jdk } {
  if (installed) return installed;
  const homes: string[] = [];
  if (process.env.JAVA_HOME) homes.push(process.env.JAVA_HOME);
  const onPath = javaOnPath();
  if (onPath) {
    try {
      homes.push(path.dirname(path.dirname(realpathSync(onPath))));
    } catch {
      // A dangling link: no default JDK.
    }
  }
  for (const root of ['/usr/lib/jvm', '/usr/local/lib/jvm', '/Library/Java/JavaVirtualMachines']) {
    try {
      for (const name of readdirSync(root)) homes.push(path.join(root, name), path.join(root, name, 'Contents', 'Home'));
    } catch {
      // No such directory on this machine.
    }
  }
  const all: Jdk[] = [];
  for (const home of homes) {
    const jdk = jdkAt(home);
    if (jdk && !all.some((known) => realpathSync(known.home) === realpathSync(jdk.home))) all.push(jdk);
  }
  installed = { all, preferred: all[0] };
  return installed;
}

const warned = new Set<string>();

function warnOnce(runtime: string, message: string): void {
  if (warned.has(runtime)) return;
  warned.add(runtime);
  process.stderr.write(`[tributary] WARN ${message}\n`);
}

function selectJdk(runtime: string, wanted: number): Jdk {
  const { all, preferred } = installedJdks();
  const exact = all.find((jdk) => jdk.major === wanted);
  if (exact) return exact;
  const fallback = preferred ?? all[0];
  if (!fallback) {
    throw new LaunchError('Runtime.Unknown', `No Java installation found for ${runtime}: install a JDK (${wanted} or newer) or set JAVA_HOME`);
  }
  warnOnce(
    runtime,
    `${runtime} runs on the installed Java ${fallback.major} (${fallback.home}); no Java ${wanted} found` +
      (fallback.major < wanted ? `. Classes compiled for Java ${wanted} will fail to load with UnsupportedClassVersionError` : ''),
  );
  return fallback;
}

// What Lambda's Java runtimes start the JVM with; java17 and later also stop tiered compilation at C1.
const JVM_FLAGS = [
  '-XX:+UseSerialGC',
  '-Xshare:auto',
  '--add-opens=java.base/java.io=ALL-UNNAMED',
  '-Djava.net.preferIPv4Stack=true',
  '-XX:+ErrorFileToStderr',
];
const FAST_START_FLAGS = ['-XX:+TieredCompilation', '-XX:TieredStopAtLevel=1'];

export async function javaPlan(spec: FunctionSpec): Promise<LaunchPlan> {
  const wanted = Number(/^java(\d+)$/.exec(spec.runtime)?.[1] ?? '17');
  const jdk = selectJdk(spec.runtime, wanted);
  const ric = await ricClasspath().catch((error: unknown) => {
    throw error instanceof RicUnavailableError ? new LaunchError('Runtime.Unknown', error.message) : error;
  });
  // The RIC loads the code itself (LAMBDA_TASK_ROOT and its lib/*.jar); layers' java/lib jars,
  // which Lambda finds in /opt/java/lib, go on the JVM's classpath here.
  const layerJars = spec.layerDirs.map((dir) => path.join(dir, 'java', 'lib', '*'));
  const jvmArgs = [
    ...(wanted >= 17 ? FAST_START_FLAGS : []),
    ...JVM_FLAGS,
    ...(ric.jniLibrary ? [`-Dcom.amazonaws.services.lambda.runtime.api.client.runtimeapi.NativeClient.JNI=${ric.jniLibrary}`] : []),
  ];
  const archive = sharedArchive(jdk, ric.jars, jvmArgs);
  const args = [
    // Lambda gives the heap 85% of the function's memory.
    `-XX:MaxHeapSize=${Math.floor(spec.memorySizeMb * 1024 * 0.85)}k`,
    ...jvmArgs,
    // Quiet: a stale archive is simply not used, and its warnings would land in the function's log.
    ...(archive ? [`-XX:SharedArchiveFile=${archive}`, '-Xlog:cds=off', '-Xlog:cds+dynamic=off'] : []),
    '-classpath',
    [...ric.jars, ...layerJars].join(path.delimiter),
    'com.amazonaws.services.lambda.runtime.api.client.AWSLambda',
    spec.handler,
  ];
  return {
    command: jdk.java,
    args,
    executionEnv: `AWS_Lambda_${spec.runtime}`,
    runtimeDir: path.dirname(ric.jars[0]!),
    binDirs: [path.join(jdk.home, 'bin')],
    env: {},
  };
}

/** Major versions of the JDKs this machine has (for tests and diagnostics). */
export function installedJavaMajors(): number[] {
  return installedJdks().all.map((jdk) => jdk.major);
}
