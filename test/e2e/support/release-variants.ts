import { execFileSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { mkdtempSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

/**
 * Another version of a real release tarball: unpacked, the bundle changed by `bundle` (e.g. the
 * AGENT_VERSION string bumped, or replaced by a program that exits at once), manifest.json and
 * SHA256SUMS recomputed, packed again with the name and layout `pnpm release` uses.
 */
export function releaseVariant(tarball: string, version: string, bundle: (text: string) => string, outDir: string): string {
  const work = mkdtempSync(join(tmpdir(), 'scops-variant-'))
  try {
    execFileSync('tar', ['-xzf', tarball, '-C', work])
    const [old] = readdirSync(work)
    const name = old!.replace(/^smartcloudops-agent-[^-]+(-[^-]+)?-linux/, `smartcloudops-agent-${version}-linux`)
    renameSync(join(work, old!), join(work, name))
    const root = join(work, name)
    const bundlePath = join(root, 'agent', 'dist', 'scops-agent.mjs')
    writeFileSync(bundlePath, bundle(readFileSync(bundlePath, 'utf8')))
    const manifest = JSON.parse(readFileSync(join(root, 'manifest.json'), 'utf8')) as { version: string; files: Array<{ path: string; sha256: string; bytes: number }> }
    manifest.version = version
    for (const f of manifest.files) {
      const b = readFileSync(join(root, f.path))
      f.sha256 = createHash('sha256').update(b).digest('hex')
      f.bytes = b.length
    }
    writeFileSync(join(root, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`)
    writeFileSync(join(root, 'SHA256SUMS'), manifest.files.map((f) => `${f.sha256}  ${f.path}\n`).join(''))
    const out = join(outDir, `${name}.tar.gz`)
    execFileSync('tar', ['--sort=name', '--owner=0', '--group=0', '--numeric-owner', '-C', work, '-czf', out, name])
    return out
  } finally {
    rmSync(work, { recursive: true, force: true })
  }
}
