/**
 * The anchor libraries the issue compares against, installed into a git-ignored scratch project on
 * first use. They must never become dependencies of the package itself: the install footprint
 * benchmark would then measure them as ours.
 * @packageDocumentation
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ANCHORS_DIR } from './paths.js';

/** The package the issue names as the anchor. */
export const CLIENT_NODE = '@kubernetes/client-node';

/**
 * The major the issue asks for: 1.x runs on Node 20, 2.x crashes at import there. Overridable with
 * BENCH_CLIENT_NODE_SPEC (e.g. `@kubernetes/client-node@1.3.0`) to pin a release.
 */
export const DEFAULT_CLIENT_NODE_SPEC = `${CLIENT_NODE}@1`;

/** An installed anchor: where it is and which release it resolved to. */
export interface InstalledAnchor {
  /** The scratch project directory; run anchor imports with this as cwd. */
  readonly projectDir: string;
  /** The package's entry file, to import by URL from elsewhere. */
  readonly entryUrl: string;
  readonly version: string;
  /** `name version`, for table headings. */
  readonly label: string;
}

function installedVersion(projectDir: string): string | undefined {
  const manifest = join(projectDir, 'node_modules', ...CLIENT_NODE.split('/'), 'package.json');
  if (!existsSync(manifest)) return undefined;
  return (JSON.parse(readFileSync(manifest, 'utf8')) as { version: string }).version;
}

function wantedMajor(spec: string): string | undefined {
  return /@(\d+)(?:\.|$)/.exec(spec.slice(CLIENT_NODE.length))?.[1];
}

/**
 * Installs `@kubernetes/client-node` 1.x into `.cache/bench/anchors/` unless a matching release is
 * already there, and says where it is.
 *
 * @example
 * ```ts
 * const anchor = ensureClientNode();
 * const k8s = await import(anchor.entryUrl);
 * ```
 */
export function ensureClientNode(
  options: { readonly projectDir?: string; readonly spec?: string; readonly log?: (line: string) => void } = {},
): InstalledAnchor {
  const projectDir = options.projectDir ?? ANCHORS_DIR;
  const spec = options.spec ?? process.env['BENCH_CLIENT_NODE_SPEC'] ?? DEFAULT_CLIENT_NODE_SPEC;
  const major = wantedMajor(spec);
  let version = installedVersion(projectDir);
  if (version === undefined || (major !== undefined && version.split('.')[0] !== major)) {
    mkdirSync(projectDir, { recursive: true });
    // Its own package.json makes npm treat this directory as the project root instead of walking
    // up to the repository's, so nothing is added to the repository's dependencies.
    writeFileSync(join(projectDir, 'package.json'), `${JSON.stringify({ name: 'eci-imagecache-bench-anchors', private: true }, null, 2)}\n`);
    options.log?.(`installing ${spec} into ${projectDir} (first run only)`);
    execFileSync('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', spec], { cwd: projectDir, stdio: ['ignore', 'ignore', 'inherit'] });
    version = installedVersion(projectDir);
    if (version === undefined) throw new Error(`npm install ${spec} finished but ${CLIENT_NODE} is not in ${projectDir}/node_modules`);
  }
  const entry = createRequire(join(projectDir, 'package.json')).resolve(CLIENT_NODE);
  return { projectDir, entryUrl: pathToFileURL(entry).href, version, label: `${CLIENT_NODE} ${version}` };
}
