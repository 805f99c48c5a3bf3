import { copyFileSync, cpSync, existsSync, mkdirSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'

/** Copying installed npm packages into a release or image stage, with only what runs on the target. */

/** The installed package directory of `name`, resolved from `fromDir` the way node resolves it. */
export function packageDir(name: string, fromDir: string): string {
  // Not `${name}/package.json`: some packages' `exports` (onnxruntime-common) do not list it.
  let dir = dirname(createRequire(join(fromDir, 'package.json')).resolve(name))
  while (!existsSync(join(dir, 'package.json')) || (JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: string }).name !== name) {
    const up = dirname(dir)
    if (up === dir) throw new Error(`cannot find the package directory of ${name}`)
    dir = up
  }
  return dir
}

/** Source maps and type declarations do not run. */
const noSourceFiles = (src: string) => !src.endsWith('.map') && !src.endsWith('.d.ts')

/** `name` and, recursively, its production dependencies into `destModules/<name>` (flat layout). */
export function copyPackageClosure(name: string, fromDir: string, destModules: string, seen = new Set<string>()): void {
  if (seen.has(name)) return
  seen.add(name)
  const dir = packageDir(name, fromDir)
  cpSync(dir, join(destModules, name), { recursive: true, dereference: true, filter: (src) => noSourceFiles(src) && !src.slice(dir.length).includes('/node_modules/') })
  const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { dependencies?: Record<string, string> }
  for (const dep of Object.keys(pkg.dependencies ?? {})) copyPackageClosure(dep, dir, destModules, seen)
}

/**
 * onnxruntime-node without the other platforms' 250 MiB: its JS, its package.json, and ONLY
 * bin/napi-v6/linux/<arch>/ (the CPU provider is built into libonnxruntime; the CUDA / TensorRT
 * providers would come from its postinstall, denied here), plus onnxruntime-common's CommonJS build.
 * Its other dependencies (adm-zip, global-agent) serve only that postinstall.
 */
export function copyOnnxRuntime(fromDir: string, destModules: string, arch: string): void {
  const ortDir = packageDir('onnxruntime-node', fromDir)
  const dest = join(destModules, 'onnxruntime-node')
  const native = join('bin', 'napi-v6', 'linux', arch)
  if (!existsSync(join(ortDir, native, 'onnxruntime_binding.node'))) throw new Error(`onnxruntime-node has no ${native}`)
  mkdirSync(dest, { recursive: true })
  copyFileSync(join(ortDir, 'package.json'), join(dest, 'package.json'))
  cpSync(join(ortDir, 'dist'), join(dest, 'dist'), { recursive: true, filter: noSourceFiles })
  cpSync(join(ortDir, native), join(dest, native), { recursive: true })
  const commonDir = packageDir('onnxruntime-common', ortDir)
  const commonDest = join(destModules, 'onnxruntime-common')
  mkdirSync(commonDest, { recursive: true })
  copyFileSync(join(commonDir, 'package.json'), join(commonDest, 'package.json'))
  cpSync(join(commonDir, 'dist', 'cjs'), join(commonDest, 'dist', 'cjs'), { recursive: true, filter: noSourceFiles })
}
