import { run } from './main'

// The `scops` entry point: wires the process to run() and exits with its code. Ctrl-C ends
// `actions --follow` cleanly (exit 0).
const ac = new AbortController()
process.once('SIGINT', () => ac.abort())
process.once('SIGTERM', () => ac.abort())
const code = await run(process.argv.slice(2), { stdout: (s) => process.stdout.write(s), stderr: (s) => process.stderr.write(s), env: process.env, signal: ac.signal })
process.exitCode = code
