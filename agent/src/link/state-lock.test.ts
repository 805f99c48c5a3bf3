import { spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { lockStateDir, StateLockError } from './state-lock'

describe('lockStateDir', () => {
  it('refuses a state directory held by a live process and takes over one left by a dead process', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'scops-lock-'))
    const other = spawn('sleep', ['30'])
    try {
      writeFileSync(join(dir, 'agent.pid'), String(other.pid))
      expect(() => lockStateDir(dir)).toThrow(StateLockError)
    } finally {
      other.kill('SIGKILL')
      await new Promise((r) => other.once('exit', r))
    }
    const lock = lockStateDir(dir) // the holder is dead now
    expect(readFileSync(join(dir, 'agent.pid'), 'utf8')).toBe(String(process.pid))
    lock.release()
    expect(() => readFileSync(join(dir, 'agent.pid'))).toThrow()
  })
})
