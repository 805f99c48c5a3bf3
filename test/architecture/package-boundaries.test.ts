import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

// DESIGN.md: the agent and the control plane meet only through `shared/` (protocol, rules, model
// contract). Neither package may depend on the other — not in package.json, not in any source or
// test file — and `shared/` depends on neither.

const root = fileURLToPath(new URL('../..', import.meta.url))

function sourceFiles(dir: string): string[] {
  const out: string[] = []
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name === 'dist' || name === 'drizzle') continue
    const path = join(dir, name)
    if (statSync(path).isDirectory()) out.push(...sourceFiles(path))
    else if (/\.(ts|tsx|js|mjs)$/.test(name)) out.push(path)
  }
  return out
}

/** Every `from '…'` / `import('…')` / `require('…')` specifier in a file. */
function specifiers(file: string): string[] {
  const text = readFileSync(file, 'utf8')
  return [...text.matchAll(/(?:from\s+|import\s*\(\s*|require\s*\(\s*)['"]([^'"]+)['"]/g)].map((m) => m[1]!)
}

const forbidden: Record<string, string[]> = {
  agent: ['control-plane'],
  'control-plane': ['agent'],
  shared: ['agent', 'control-plane'],
}

describe('package boundaries', () => {
  for (const [pkg, others] of Object.entries(forbidden)) {
    it(`${pkg}/ imports none of ${others.join(', ')}`, () => {
      const offenders: string[] = []
      for (const file of sourceFiles(join(root, pkg))) {
        for (const spec of specifiers(file)) {
          for (const other of others) {
            const byName = spec === `@smartcloudops/${other}` || spec.startsWith(`@smartcloudops/${other}/`)
            const byPath = spec.startsWith('.') && relative(root, join(file, '..', spec)).split('/')[0] === other
            if (byName || byPath) offenders.push(`${relative(root, file)} → ${spec}`)
          }
        }
      }
      expect(offenders).toEqual([])
    })

    it(`${pkg}/package.json depends on none of ${others.join(', ')}`, () => {
      const manifest = JSON.parse(readFileSync(join(root, pkg, 'package.json'), 'utf8')) as Record<string, Record<string, string> | undefined>
      const deps = ['dependencies', 'devDependencies', 'peerDependencies', 'optionalDependencies'].flatMap((k) => Object.keys(manifest[k] ?? {}))
      expect(deps.filter((d) => others.some((o) => d === `@smartcloudops/${o}`))).toEqual([])
    })
  }
})
