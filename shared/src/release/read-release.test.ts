import { generateKeyPairSync, sign } from 'node:crypto'
import { symlinkSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { fakeReleaseTarball } from '@smartcloudops/test-support'
import { readRelease } from './read-release'
import { releasePublicKey, verifyReleaseSignature } from './signature'

describe('readRelease: a release tarball is checked whole before anything uses it', () => {
  it('a good release gives its manifest and each file once', async () => {
    const seen: string[] = []
    const r = await readRelease(fakeReleaseTarball({ version: '1.2.3' }), { onFile: async (p) => void seen.push(p) })
    expect(r.manifest.version).toBe('1.2.3')
    expect(r.root).toBe('smartcloudops-agent-1.2.3-linux-x64-no-node')
    expect(seen.sort()).toEqual(['SHA256SUMS', 'agent/dist/scops-agent.mjs', 'deploy/README.md', 'manifest.json'])
  })

  it.each([
    ['a file changed after the manifest', { after: (d: string) => writeFileSync(join(d, 'deploy', 'README.md'), '# tampered\n') }, 'checksum_mismatch', /deploy\/README.md: sha256/],
    ['a file the manifest does not list', { after: (d: string) => writeFileSync(join(d, 'agent', 'extra.js'), 'x') }, 'unlisted_file', /agent\/extra.js is in the archive but not in manifest.json/],
    ['a symlink', { after: (d: string) => symlinkSync('/etc/passwd', join(d, 'agent', 'link')) }, 'bad_entry', /agent\/link is a symlink/],
    ['a listed file that is missing', { manifest: (m: Record<string, unknown>) => ({ ...m, files: [...(m.files as object[]), { path: 'agent/gone.js', sha256: 'a'.repeat(64), bytes: 1, mode: '644' }] }) }, 'missing_file', /agent\/gone.js is listed/],
    ['a path that climbs out', { manifest: (m: Record<string, unknown>) => ({ ...m, files: [{ path: '../x', sha256: 'a'.repeat(64), bytes: 1, mode: '644' }] }) }, 'bad_manifest', /files\/0\/path/],
    ['a manifest of another product', { manifest: (m: Record<string, unknown>) => ({ ...m, name: 'other' }) }, 'bad_manifest', /\/name/],
  ])('refuses %s, naming it', async (_what, opts, code, message) => {
    const err = await readRelease(fakeReleaseTarball({ version: '1.0.0', ...opts })).catch((e: unknown) => e)
    expect(err).toMatchObject({ code })
    expect((err as Error).message).toMatch(message)
  })

  it('refuses bytes that are not a gzip tar, and an archive that unpacks past the bound', async () => {
    await expect(readRelease(new TextEncoder().encode('not a tarball'))).rejects.toMatchObject({ code: 'bad_archive' })
    const big = fakeReleaseTarball({ version: '1.0.0', files: { 'agent/big.bin': 'x'.repeat(100_000) } })
    await expect(readRelease(big, { maxUnpackedBytes: 50_000 })).rejects.toMatchObject({ code: 'too_large' })
  })

  it('an ed25519 signature over the tarball verifies with the right key only; none at all is `unsigned`', () => {
    const tarball = fakeReleaseTarball({ version: '1.0.0' })
    const good = generateKeyPairSync('ed25519')
    const other = generateKeyPairSync('ed25519')
    const sig = sign(null, tarball, good.privateKey).toString('base64')
    const pub = releasePublicKey(good.publicKey.export({ type: 'spki', format: 'pem' }).toString())
    expect(() => verifyReleaseSignature(tarball, sig, pub)).not.toThrow()
    expect(() => verifyReleaseSignature(tarball, sign(null, tarball, other.privateKey).toString('base64'), pub)).toThrow(expect.objectContaining({ code: 'bad_signature' }))
    expect(() => verifyReleaseSignature(Buffer.concat([tarball, Buffer.from([0])]), sig, pub)).toThrow(expect.objectContaining({ code: 'bad_signature' }))
    expect(() => verifyReleaseSignature(tarball, undefined, pub)).toThrow(expect.objectContaining({ code: 'unsigned' }))
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 })
    expect(() => releasePublicKey(rsa.publicKey.export({ type: 'spki', format: 'pem' }).toString())).toThrow(/must be ed25519/)
  })
})
