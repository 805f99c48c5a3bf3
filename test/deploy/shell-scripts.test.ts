import { execFile } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { expect, it } from 'vitest'
import { describeWithTool } from '@smartcloudops/test-support'

// The shell scripts that run on hosts are POSIX sh (dash on Debian, busybox sh elsewhere): shellcheck
// them as `sh`, every warning a failure. The launcher's behaviour is tested in
// agent/src/upgrade/launcher-rollback.test.ts.
const run = promisify(execFile)
const scripts = ['scops-agent-launch', 'install.sh'].map((f) => fileURLToPath(new URL(`../../deploy/${f}`, import.meta.url)))

describeWithTool('shellcheck', 'shellcheck')('deploy shell scripts (shellcheck -s sh)', () => {
  it.each(scripts)('%s has no shellcheck finding', async (path) => {
    const { stdout } = await run('shellcheck', ['-s', 'sh', '-f', 'gcc', path]).catch((err: { stdout: string }) => ({ stdout: err.stdout }))
    expect(stdout).toBe('')
  })
})
