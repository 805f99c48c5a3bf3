import { execFileSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'

export interface FakeReleaseOptions {
  version: string
  /** path → content; default: a two-file release. */
  files?: Record<string, string>
  /** Changes the staged tree after manifest.json and SHA256SUMS are written (tampering, extra files). */
  after?: (dir: string) => void
  /** Replaces manifest.json's object before it is written. */
  manifest?: (m: Record<string, unknown>) => unknown
}

/**
 * A small release tarball in the layout `pnpm release` writes (one top directory, manifest.json with
 * every file's sha256, SHA256SUMS), made with the system's tar like agent/build/release.ts, for the
 * checks that do not need a real agent inside. The upgrade e2e uses real releases.
 */
export function fakeReleaseTarball(o: FakeReleaseOptions): Buffer {
  const work = mkdtempSync(join(tmpdir(), 'scops-fake-release-'))
  try {
    const name = `smartcloudops-agent-${o.version}-linux-x64-no-node`
    const root = join(work, name)
    const files = o.files ?? { 'agent/dist/scops-agent.mjs': `console.log('agent ${o.version}')\n`, 'deploy/README.md': '# fake\n' }
    const list = Object.entries(files).map(([path, content]) => {
      mkdirSync(dirname(join(root, path)), { recursive: true })
      writeFileSync(join(root, path), content)
      const bytes = Buffer.from(content)
      return { path, sha256: createHash('sha256').update(bytes).digest('hex'), bytes: bytes.length, mode: '644' }
    })
    list.sort((a, b) => (a.path < b.path ? -1 : 1))
    const manifest = { name: 'smartcloudops-agent', version: o.version, platform: 'linux', arch: 'x64', node: null, node_required: '>=20.11', onnxruntime: '1.30.0', files: list }
    writeFileSync(join(root, 'manifest.json'), `${JSON.stringify(o.manifest ? o.manifest(manifest) : manifest, null, 2)}\n`)
    writeFileSync(join(root, 'SHA256SUMS'), list.map((f) => `${f.sha256}  ${f.path}\n`).join(''))
    o.after?.(root)
    const out = join(work, `${name}.tar.gz`)
    execFileSync('tar', ['--sort=name', '--owner=0', '--group=0', '--numeric-owner', '-C', work, '-czf', out, name])
    return readFileSync(out)
  } finally {
    rmSync(work, { recursive: true, force: true })
  }
}
