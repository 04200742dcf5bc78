import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { progress } from '../log.js';

/**
 * AWS's Java runtime interface client (RIC) and its dependencies, from Maven Central. They are not
 * shipped with Tributary: the first Java cold start finds them in the local Maven repository
 * (`~/.m2`), else fetches them with `mvn dependency:get` when Maven is installed, else downloads
 * them from Maven Central into Tributary's cache directory (`~/.cache/tributary/java`).
 */
export const RIC_VERSION = '2.10.1';

/** Maven Central, or a mirror of it (`TRIBUTARY_MAVEN_REPOSITORY`). */
const mavenRepository = (): string => (process.env.TRIBUTARY_MAVEN_REPOSITORY ?? 'https://repo1.maven.org/maven2').replace(/\/+$/, '');

/** The RIC's runtime dependency closure, as `mvn dependency:build-classpath` resolves it. */
const ARTIFACTS = [
  `com.amazonaws:aws-lambda-java-runtime-interface-client:${RIC_VERSION}`,
  'com.amazonaws:aws-lambda-java-core:1.4.0',
  'com.amazonaws:aws-lambda-java-serialization:1.2.0',
  'software.amazon.awssdk:utils-lite:2.34.0',
  'software.amazon.awssdk:annotations:2.34.0',
];

export interface RicClasspath {
  jars: string[];
  /** The RIC's native Runtime API client, unpacked once instead of on every cold start. */
  jniLibrary?: string;
}

export class RicUnavailableError extends Error {}

function relativeJarPath(coordinates: string): string {
  const [group, artifact, version] = coordinates.split(':');
  return path.join(...group!.split('.'), artifact!, version!, `${artifact}-${version}.jar`);
}

function m2Repository(): string {
  return path.join(os.homedir(), '.m2', 'repository');
}

export function javaCacheDir(): string {
  const base = process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
  return path.join(base, 'tributary', 'java');
}

function jarsIn(root: string): string[] | undefined {
  const jars = ARTIFACTS.map((coordinates) => path.join(root, relativeJarPath(coordinates)));
  return jars.every((jar) => existsSync(jar)) ? jars : undefined;
}

function mavenGet(): Promise<boolean> {
  return new Promise((resolve) => {
    execFile('mvn', ['-q', '-B', 'dependency:get', `-Dartifact=${ARTIFACTS[0]}`], { timeout: 180_000, cwd: os.tmpdir() }, (error) => resolve(!error));
  });
}

async function downloadFromCentral(root: string): Promise<string[]> {
  for (const coordinates of ARTIFACTS) {
    const relative = relativeJarPath(coordinates);
    const target = path.join(root, relative);
    if (existsSync(target)) continue;
    const url = `${mavenRepository()}/${relative.split(path.sep).join('/')}`;
    const [jar, sha1] = await Promise.all([fetch(url, { signal: AbortSignal.timeout(60_000) }), fetch(`${url}.sha1`, { signal: AbortSignal.timeout(60_000) })]);
    if (!jar.ok || !sha1.ok) throw new Error(`${url}: HTTP ${jar.ok ? sha1.status : jar.status}`);
    const bytes = Buffer.from(await jar.arrayBuffer());
    const expected = (await sha1.text()).trim().split(/\s+/)[0];
    if (createHash('sha1').update(bytes).digest('hex') !== expected) throw new Error(`${url}: checksum mismatch`);
    await mkdir(path.dirname(target), { recursive: true });
    await writeFile(`${target}.part`, bytes);
    await rename(`${target}.part`, target);
  }
  return jarsIn(root)!;
}

function jniName(): string | undefined {
  if (process.platform !== 'linux') return undefined;
  const arch = process.arch === 'arm64' ? 'aarch_64' : process.arch === 'x64' ? 'x86_64' : undefined;
  if (!arch) return undefined;
  const report = process.report?.getReport() as { header?: { glibcVersionRuntime?: string } } | undefined;
  const musl = report?.header !== undefined && !report.header.glibcVersionRuntime;
  return `libaws-lambda-jni.${musl ? 'linux_musl' : 'linux'}-${arch}.so`;
}

async function unpackJni(ricJar: string): Promise<string | undefined> {
  const name = jniName();
  if (!name) return undefined;
  const target = path.join(javaCacheDir(), `ric-${RIC_VERSION}`, name);
  if (existsSync(target)) return target;
  try {
    // Loaded here, not at the top: adm-zip costs start-up time and only Java cold starts need it.
    const { default: AdmZip } = await import('adm-zip');
    const entry = new AdmZip(await readFile(ricJar)).getEntry(`jni/${name}`);
    if (!entry) return undefined;
    await mkdir(path.dirname(target), { recursive: true });
    await writeFile(`${target}.${process.pid}.part`, entry.getData());
    await rename(`${target}.${process.pid}.part`, target);
    return target;
  } catch {
    // The RIC unpacks its own copy when none is given.
    return undefined;
  }
}

async function resolveJars(): Promise<string[]> {
  const cached = jarsIn(m2Repository()) ?? jarsIn(javaCacheDir());
  if (cached) return cached;
  const step = progress(`fetching the Java runtime interface client ${ARTIFACTS[0]} (first use)`);
  if (await mavenGet()) {
    const fetched = jarsIn(m2Repository());
    if (fetched) {
      step.done('through mvn');
      return fetched;
    }
  }
  try {
    const jars = await downloadFromCentral(javaCacheDir());
    step.done();
    return jars;
  } catch (error) {
    step.failed(error);
    const cause = (error as Error & { cause?: Error }).cause;
    throw new RicUnavailableError(
      `The Java runtime interface client (${ARTIFACTS[0]}) is not available: it is not in ~/.m2 and downloading it from ${mavenRepository()} failed ` +
        `(${(error as Error).message}${cause?.message ? `: ${cause.message}` : ''}). Fix: run \`mvn dependency:get -Dartifact=${ARTIFACTS[0]}\` ` +
        `with access to Maven Central, or set TRIBUTARY_MAVEN_REPOSITORY to a Maven repository that serves it.`,
    );
  }
}

let pending: Promise<RicClasspath> | undefined;

/** The RIC classpath, resolved once per process; a failure is retried on the next cold start. */
export function ricClasspath(): Promise<RicClasspath> {
  pending ??= (async () => {
    const jars = await resolveJars();
    return { jars, jniLibrary: await unpackJni(jars[0]!) };
  })();
  pending.catch(() => {
    pending = undefined;
  });
  return pending;
}
