import { createHash } from 'node:crypto'
import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { createGunzip } from 'node:zlib'
import { extract } from 'tar-stream'
import { Compile } from 'typebox/compile'
import { ReleaseManifest } from './manifest'

/**
 * Reads an agent release tarball (the bytes `pnpm release` wrote) and checks it whole, the way
 * install.sh does, before anything uses it: one top directory, only regular files and directories,
 * every file listed in manifest.json with its size and sha256, nothing unlisted, SHA256SUMS saying
 * the same, and bounded sizes (a gzip bomb stops at `maxUnpackedBytes`). Throws ReleaseError with a
 * stable code and a message naming the problem.
 *
 * `onFile` (the agent unpacking it) receives each file's content as it is read; the caller writes
 * to a staging directory and keeps it only when this resolves.
 */
export class ReleaseError extends Error {
  constructor(
    readonly code: 'bad_archive' | 'bad_entry' | 'bad_manifest' | 'checksum_mismatch' | 'unlisted_file' | 'missing_file' | 'too_large' | 'bad_signature' | 'unsigned',
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options)
  }
}

export interface ReadReleaseOptions {
  maxUnpackedBytes?: number
  onFile?: (path: string, content: Buffer) => Promise<void>
}

export interface ReleaseContents {
  manifest: ReleaseManifest
  /** The tarball's top directory (smartcloudops-agent-<version>-linux-<arch>[-no-node]). */
  root: string
  unpackedBytes: number
}

const checkManifest = Compile(ReleaseManifest)
const META_MAX = 4 * 1024 * 1024
const SEGMENT = /^[A-Za-z0-9@._+-]+$/

export async function readRelease(tarball: Uint8Array, opts: ReadReleaseOptions = {}): Promise<ReleaseContents> {
  const maxUnpacked = opts.maxUnpackedBytes ?? 1024 * 1024 * 1024
  const seen = new Map<string, { sha256: string; bytes: number }>()
  let root: string | undefined
  let unpacked = 0
  let manifestText: string | undefined
  let sumsText: string | undefined
  const ex = extract()
  ex.on('entry', (header, stream, next) => {
    const fail = (err: ReleaseError) => {
      stream.resume()
      next(err)
    }
    const name = header.name.replace(/\/+$/, '')
    const parts = name.split('/')
    if (parts.some((p) => !SEGMENT.test(p) || p === '.' || p === '..')) return fail(new ReleaseError('bad_entry', `the archive holds an entry named ${JSON.stringify(header.name)}: only plain relative names are allowed`))
    if (root === undefined) root = parts[0]
    if (parts[0] !== root) return fail(new ReleaseError('bad_entry', `the archive holds ${JSON.stringify(header.name)} outside its one top directory ${root}/`))
    if (header.type === 'directory') {
      stream.resume()
      return next()
    }
    if (header.type !== 'file') return fail(new ReleaseError('bad_entry', `${name} is a ${header.type}: a release holds only regular files and directories`))
    if (parts.length < 2) return fail(new ReleaseError('bad_entry', `${name} is a file at the top of the archive, outside a release directory`))
    const rel = parts.slice(1).join('/')
    const hash = createHash('sha256')
    const chunks: Buffer[] = []
    let bytes = 0
    const keep = opts.onFile !== undefined || rel === 'manifest.json' || rel === 'SHA256SUMS'
    stream.on('data', (c: Buffer) => {
      bytes += c.length
      unpacked += c.length
      hash.update(c)
      if (keep) chunks.push(c)
    })
    stream.on('error', (err) => next(err))
    stream.on('end', () => {
      if (unpacked > maxUnpacked) return next(new ReleaseError('too_large', `the archive unpacks to more than ${maxUnpacked} bytes`))
      if ((rel === 'manifest.json' || rel === 'SHA256SUMS') && bytes > META_MAX) return next(new ReleaseError('too_large', `${rel} is larger than ${META_MAX} bytes`))
      if (seen.has(rel)) return next(new ReleaseError('bad_entry', `${rel} appears twice in the archive`))
      seen.set(rel, { sha256: hash.digest('hex'), bytes })
      const content = Buffer.concat(chunks)
      if (rel === 'manifest.json') manifestText = content.toString('utf8')
      if (rel === 'SHA256SUMS') sumsText = content.toString('utf8')
      if (!opts.onFile) return next()
      opts.onFile(rel, content).then(() => next(), next)
    })
  })
  try {
    await pipeline(Readable.from([Buffer.from(tarball.buffer, tarball.byteOffset, tarball.byteLength)]), createGunzip(), ex)
  } catch (err) {
    if (err instanceof ReleaseError) throw err
    throw new ReleaseError('bad_archive', `not a gzip-compressed tar archive of a release: ${(err as Error).message}`, { cause: err })
  }
  if (root === undefined) throw new ReleaseError('bad_archive', 'the archive is empty')
  if (manifestText === undefined) throw new ReleaseError('bad_manifest', `${root}/manifest.json is missing: not a release built by \`pnpm release\``)
  let doc: unknown
  try {
    doc = JSON.parse(manifestText)
  } catch (err) {
    throw new ReleaseError('bad_manifest', `manifest.json is not JSON: ${(err as Error).message}`, { cause: err })
  }
  if (!checkManifest.Check(doc)) {
    const e = [...checkManifest.Errors(doc)][0]
    throw new ReleaseError('bad_manifest', `manifest.json${e?.instancePath ? ` at ${e.instancePath}` : ''}: ${e?.message ?? 'invalid'}`)
  }
  const manifest = doc as ReleaseManifest
  const listed = new Set<string>()
  for (const f of manifest.files) {
    listed.add(f.path)
    const got = seen.get(f.path)
    if (!got) throw new ReleaseError('missing_file', `${f.path} is listed in manifest.json but not in the archive`)
    if (got.sha256 !== f.sha256 || got.bytes !== f.bytes) throw new ReleaseError('checksum_mismatch', `${f.path}: sha256 ${got.sha256} (${got.bytes} bytes) is not the manifest's ${f.sha256} (${f.bytes} bytes)`)
  }
  for (const rel of seen.keys()) {
    if (!listed.has(rel) && rel !== 'manifest.json' && rel !== 'SHA256SUMS') throw new ReleaseError('unlisted_file', `${rel} is in the archive but not in manifest.json`)
  }
  const sums = manifest.files.map((f) => `${f.sha256}  ${f.path}\n`).join('')
  if (sumsText !== sums) throw new ReleaseError('bad_manifest', 'SHA256SUMS does not list exactly the files and hashes of manifest.json')
  return { manifest, root, unpackedBytes: unpacked }
}
