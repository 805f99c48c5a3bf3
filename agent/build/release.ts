/**
 * `pnpm release`: the agent as one versioned, self-contained tarball an operator installs with
 * deploy/install.sh — no TypeScript, no dev dependencies, no build step on the host.
 *
 *   pnpm release [--arch x64|arm64] [--no-node] [--out DIR] [--sign-key release.key]
 *
 * Layout (under smartcloudops-agent-<version>-linux-<arch>/):
 *   agent/dist/scops-agent.mjs              the esbuild bundle (agent/build/bundle.ts)
 *   agent/models/anomaly-default.{onnx,json} the committed default model, found beside the bundle
 *   agent/node_modules/onnxruntime-node/    its JS plus ONLY bin/napi-v6/linux/<arch>/ (CPU build)
 *   agent/node_modules/onnxruntime-common/  its CommonJS build (what onnxruntime-node requires)
 *   node/bin/node                           the Node.js that ran this build (unless --no-node)
 *   deploy/                                 install.sh, the systemd unit, the reference agent.yaml
 *   manifest.json, SHA256SUMS               sha256 of every other file (install.sh checks SHA256SUMS)
 *
 * Why Node.js ships inside by default: the agent needs Node >= 20.11 and Debian 12's own nodejs is
 * 18; asking every fleet host to add a third-party apt repository first is the step operators
 * skip. `--no-node` builds the smaller tarball for fleets that already run Node 20 (install.sh then
 * uses the host's node and checks its version).
 */
import { createHash, createPrivateKey, sign } from 'node:crypto'
import { execFileSync } from 'node:child_process'
import { chmodSync, copyFileSync, cpSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { join, relative, sep } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { gzipSync } from 'node:zlib'
import { copyOnnxRuntime } from '../../deploy/build/node-packages'
import { bundleAgent } from './bundle'

const agentDir = fileURLToPath(new URL('..', import.meta.url))
const repoRoot = join(agentDir, '..')

export interface ReleaseOptions {
  arch: 'x64' | 'arm64'
  withNode: boolean
  outDir: string
  /** PEM of an ed25519 private key: also write <tarball>.sig. */
  signKeyPem?: string
}

export interface ReleaseResult {
  tarball: string
  sha256: string
  bytes: number
  /** Bytes per part of the tarball, for the size report. */
  parts: Record<string, PartSize>
  version: string
}

export interface PartSize {
  bytes: number
  gzipped: number
}

const partPrefixes = {
  bundle: 'agent/dist/',
  model: 'agent/models/',
  onnxruntime: 'agent/node_modules/',
  node: 'node/',
  deploy: 'deploy/',
}

export interface ManifestFile {
  path: string
  sha256: string
  bytes: number
  mode: string
}

function sha256File(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex')
}

function walk(dir: string): string[] {
  const out: string[] = []
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name)
    if (entry.isDirectory()) out.push(...walk(p))
    else if (entry.isFile()) out.push(p)
  }
  return out.sort()
}

function agentVersion(): string {
  const pkg = JSON.parse(readFileSync(join(agentDir, 'package.json'), 'utf8')) as { version: string }
  // The agent reports AGENT_VERSION (agent/src/main.ts) in hello and enrollment: a tarball named
  // for one version must not run code that says another.
  const main = readFileSync(join(agentDir, 'src', 'main.ts'), 'utf8')
  const m = /export const AGENT_VERSION = '([^']+)'/.exec(main)
  if (!m || m[1] !== pkg.version) throw new Error(`agent/package.json version ${pkg.version} differs from AGENT_VERSION ${m?.[1] ?? '(not found)'} in agent/src/main.ts`)
  return pkg.version
}

/** Builds the tarball; returns its path, checksum and a size breakdown. */
export async function buildRelease(opts: ReleaseOptions): Promise<ReleaseResult> {
  const version = agentVersion()
  if (opts.withNode && process.arch !== opts.arch) throw new Error(`--arch ${opts.arch} with Node.js inside needs a build on ${opts.arch} (this node is ${process.arch}); use --no-node`)
  // The two variants get different names: an operator must see which one a file is.
  const name = `smartcloudops-agent-${version}-linux-${opts.arch}${opts.withNode ? '' : '-no-node'}`
  const bundle = await bundleAgent({ quiet: true })

  const stageRoot = join(repoRoot, '.tmp', 'release')
  const stage = join(stageRoot, name)
  rmSync(stage, { recursive: true, force: true })
  const stageAgent = join(stage, 'agent')
  mkdirSync(join(stageAgent, 'dist'), { recursive: true })
  copyFileSync(bundle, join(stageAgent, 'dist', 'scops-agent.mjs'))
  cpSync(join(agentDir, 'models'), join(stageAgent, 'models'), { recursive: true, filter: (src) => !/\.(ts|md)$/.test(src) })
  copyOnnxRuntime(agentDir, join(stageAgent, 'node_modules'), opts.arch)
  mkdirSync(join(stage, 'deploy', 'systemd'), { recursive: true })
  for (const f of ['install.sh', 'scops-agent-launch', 'agent.yaml', 'README.md', join('systemd', 'scops-agent.service')]) copyFileSync(join(repoRoot, 'deploy', f), join(stage, 'deploy', f))
  chmodSync(join(stage, 'deploy', 'install.sh'), 0o755)
  chmodSync(join(stage, 'deploy', 'scops-agent-launch'), 0o755)
  if (opts.withNode) {
    mkdirSync(join(stage, 'node', 'bin'), { recursive: true })
    copyFileSync(process.execPath, join(stage, 'node', 'bin', 'node'))
    chmodSync(join(stage, 'node', 'bin', 'node'), 0o755)
  }

  const files: ManifestFile[] = walk(stage).map((f) => {
    const st = statSync(f)
    return { path: relative(stage, f).split(sep).join('/'), sha256: sha256File(f), bytes: st.size, mode: (st.mode & 0o777).toString(8) }
  })
  const manifest = {
    name: 'smartcloudops-agent',
    version,
    platform: 'linux',
    arch: opts.arch,
    node: opts.withNode ? process.versions.node : null,
    node_required: '>=20.11',
    onnxruntime: JSON.parse(readFileSync(join(stageAgent, 'node_modules', 'onnxruntime-node', 'package.json'), 'utf8')).version as string,
    files,
  }
  writeFileSync(join(stage, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`)
  writeFileSync(join(stage, 'SHA256SUMS'), files.map((f) => `${f.sha256}  ${f.path}\n`).join(''))

  mkdirSync(opts.outDir, { recursive: true })
  const tarball = join(opts.outDir, `${name}.tar.gz`)
  // Fixed owner and sorted names: the same inputs give the same archive listing.
  execFileSync('tar', ['--sort=name', '--owner=0', '--group=0', '--numeric-owner', '-C', stageRoot, '-czf', tarball, name])
  const sha256 = sha256File(tarball)
  writeFileSync(`${tarball}.sha256`, `${sha256}  ${name}.tar.gz\n`)
  // A detached ed25519 signature of the whole tarball (base64), for control planes and agents
  // configured with the public key: POST it as x-scops-signature with the upload.
  if (opts.signKeyPem) writeFileSync(`${tarball}.sig`, `${sign(null, readFileSync(tarball), createPrivateKey(opts.signKeyPem)).toString('base64')}\n`)

  // Each part's cost: its bytes, and the sum of its files gzipped one by one (close to what the
  // part adds to the .tar.gz, which compresses file by file in one stream).
  const parts: Record<string, PartSize> = {}
  for (const [part, prefix] of Object.entries(partPrefixes)) {
    const mine = files.filter((f) => f.path.startsWith(prefix))
    parts[part] = {
      bytes: mine.reduce((n, f) => n + f.bytes, 0),
      gzipped: mine.reduce((n, f) => n + gzipSync(readFileSync(join(stage, f.path))).length, 0),
    }
  }
  rmSync(stage, { recursive: true, force: true })
  return { tarball, sha256, bytes: statSync(tarball).size, parts, version }
}

function mib(n: number): string {
  return `${(n / 1024 / 1024).toFixed(1)} MiB`
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { values } = parseArgs({
    options: {
      arch: { type: 'string', default: process.arch },
      'no-node': { type: 'boolean', default: false },
      out: { type: 'string', default: join(repoRoot, 'dist', 'release') },
      'sign-key': { type: 'string' },
    },
  })
  if (values.arch !== 'x64' && values.arch !== 'arm64') {
    process.stderr.write(`release: --arch must be x64 or arm64, got ${values.arch}\n`)
    process.exit(64)
  }
  buildRelease({ arch: values.arch, withNode: !values['no-node'], outDir: values.out, ...(values['sign-key'] ? { signKeyPem: readFileSync(values['sign-key'], 'utf8') } : {}) }).then(
    (r) => {
      const lines = [
        `release ${relative(process.cwd(), r.tarball)}  ${mib(r.bytes)} compressed  sha256 ${r.sha256}`,
        ...Object.entries(r.parts).map(([k, v]) => `  ${k.padEnd(12)} ${mib(v.bytes).padStart(10)} on disk  ${mib(v.gzipped).padStart(10)} gzipped`),
      ]
      process.stdout.write(`${lines.join('\n')}\n`)
    },
    (err: unknown) => {
      process.stderr.write(`release failed: ${(err as Error).message}\n`)
      process.exit(1)
    },
  )
}
