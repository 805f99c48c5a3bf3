import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { totalmem, tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { cgroupFilesOf, readCgroup } from './cgroup'

// Fixture trees in the layouts the kernel writes (v1 as captured from this test engine; v2 as a
// systemd-driver host has it), under configurable roots, like the /proc fixtures of collect/host.
const dirs: string[] = []
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
})
function tree(files: Record<string, string>): { procRoot: string; cgroupRoot: string } {
  const root = mkdtempSync(join(tmpdir(), 'scops-cgroup-'))
  dirs.push(root)
  for (const [p, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, p)), { recursive: true })
    writeFileSync(join(root, p), text)
  }
  return { procRoot: join(root, 'proc'), cgroupRoot: join(root, 'cg') }
}
const id = '4aa4c69109275c38fac81fb8f6e31d8a3ca70cb873904c1c34f0bccbd01505be'

describe('cgroup files of a container', () => {
  it('v1 (cgroupfs driver): cpuacct.usage, memory usage minus total_inactive_file, an unlimited limit is the host’s memory', async () => {
    const roots = tree({
      'proc/42/cgroup': `12:memory:/docker/${id}\n2:cpuacct:/docker/${id}\n1:cpu:/docker/${id}\n0::/docker/${id}\n`,
      [`cg/cpuacct/docker/${id}/cpuacct.usage`]: '123456789\n',
      [`cg/memory/docker/${id}/memory.usage_in_bytes`]: '10485760\n',
      [`cg/memory/docker/${id}/memory.stat`]: 'cache 4096\ninactive_file 1048576\ntotal_inactive_file 2097152\n',
      [`cg/memory/docker/${id}/memory.limit_in_bytes`]: '9223372036854771712\n',
    })
    const files = await cgroupFilesOf(42, roots)
    expect(files?.version).toBe(1)
    expect(await readCgroup(files!)).toEqual({ cpuNs: 123456789, memUsed: 10485760 - 2097152, memLimit: totalmem() })
  })

  it('v2 (systemd driver): cpu.stat usage_usec, memory.current minus inactive_file, memory.max', async () => {
    const path = `/system.slice/docker-${id}.scope`
    const roots = tree({
      'proc/7/cgroup': `0::${path}\n`,
      [`cg${path}/cpu.stat`]: 'usage_usec 2500000\nuser_usec 2000000\nsystem_usec 500000\n',
      [`cg${path}/memory.current`]: '104857600\n',
      [`cg${path}/memory.stat`]: 'anon 83886080\nfile 20971520\ninactive_file 20971520\n',
      [`cg${path}/memory.max`]: '536870912\n',
    })
    const files = await cgroupFilesOf(7, roots)
    expect(files?.version).toBe(2)
    expect(await readCgroup(files!)).toEqual({ cpuNs: 2_500_000_000, memUsed: 104857600 - 20971520, memLimit: Math.min(536870912, totalmem()) })
  })

  it('gives undefined — the caller streams stats instead — when the files are not readable or not numbers', async () => {
    const roots = tree({ 'proc/9/cgroup': `0::/gone\n`, 'proc/10/cgroup': `4:memory:/x\n2:cpuacct:/x\n`, 'cg/cpuacct/x/cpuacct.usage': 'n/a\n', 'cg/memory/x/memory.usage_in_bytes': '1\n', 'cg/memory/x/memory.stat': '', 'cg/memory/x/memory.limit_in_bytes': '2\n' })
    expect(await cgroupFilesOf(9, roots)).toBeUndefined() // files missing
    expect(await cgroupFilesOf(10, roots)).toBeUndefined() // cpuacct.usage is not a number
    expect(await cgroupFilesOf(11, roots)).toBeUndefined() // no such process
    expect(await cgroupFilesOf(0, roots)).toBeUndefined() // not running
  })
})
