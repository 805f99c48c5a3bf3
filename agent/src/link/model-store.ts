import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import Type from 'typebox'
import { Compile } from 'typebox/compile'
import { sha256Hex } from '../detect/model-artifact'
import { readJson, writeFileAtomic, writeJsonAtomic } from './json-file'

const Active = Type.Object({ version: Type.String({ minLength: 1 }), sha256: Type.String({ pattern: '^[0-9a-f]{64}$' }) })
const checkActive = Compile(Active)

/**
 * Models the agent has accepted, in `<stateDir>/models/<sha256>.onnx`, plus `active.json` naming the
 * last one that loaded and test-scored. A restart (even without the control plane) starts on it;
 * the files are content-addressed, so a file whose bytes no longer hash to its name is ignored.
 */
export class ModelStore {
  readonly dir: string

  constructor(stateDir: string) {
    this.dir = join(stateDir, 'models')
  }

  private fileOf(sha256: string): string {
    return join(this.dir, `${sha256}.onnx`)
  }

  /** Bytes of a stored model, verified against its hash; null when absent or damaged. */
  read(sha256: string): Uint8Array | null {
    const file = this.fileOf(sha256)
    if (!existsSync(file)) return null
    const bytes = new Uint8Array(readFileSync(file))
    return sha256Hex(bytes) === sha256 ? bytes : null
  }

  /** The last good model, or null (none yet, or its file is gone or damaged → the built-in one). */
  lastGood(): { version: string; sha256: string; bytes: Uint8Array } | null {
    const r = readJson(join(this.dir, 'active.json'))
    if (!r.ok || !checkActive.Check(r.value)) return null
    const bytes = this.read(r.value.sha256)
    return bytes && { version: r.value.version, sha256: r.value.sha256, bytes }
  }

  /** Records a model that now runs; keeps its file and the previous one's, deletes older files. */
  saveActive(version: string, sha256: string, bytes: Uint8Array): void {
    mkdirSync(this.dir, { recursive: true, mode: 0o700 })
    const previous = this.lastGoodRef()
    writeFileAtomic(this.fileOf(sha256), bytes)
    writeJsonAtomic(join(this.dir, 'active.json'), { version, sha256 })
    const keep = new Set([`${sha256}.onnx`, previous ? `${previous.sha256}.onnx` : '', 'active.json'])
    for (const f of readdirSync(this.dir)) if (!keep.has(f)) rmSync(join(this.dir, f), { force: true })
  }

  /** Back to the built-in model: nothing stored is active any more. */
  clearActive(): void {
    rmSync(join(this.dir, 'active.json'), { force: true })
  }

  private lastGoodRef(): { sha256: string } | null {
    const r = readJson(join(this.dir, 'active.json'))
    return r.ok && checkActive.Check(r.value) ? r.value : null
  }
}
