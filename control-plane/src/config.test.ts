import { describe, expect, test } from 'vitest'
import { ConfigError, loadConfig } from './config'

describe('config', () => {
  test('defaults: 127.0.0.1:8080 on PGlite', () => {
    const c = loadConfig({})
    expect(c).toMatchObject({ host: '127.0.0.1', port: 8080, dataDir: './.data/control-plane' })
    expect(c.databaseUrl).toBeUndefined()
  })
  test('a bad value fails fast naming the variable', () => {
    expect(() => loadConfig({ SCOPS_PORT: 'eighty' })).toThrow(/SCOPS_PORT/)
    expect(() => loadConfig({ SCOPS_PORT: '70000' })).toThrow(/SCOPS_PORT/)
    expect(() => loadConfig({ DATABASE_URL: 'mysql://x' })).toThrow(/DATABASE_URL/)
    expect(() => loadConfig({ SCOPS_TLS_CERT: '/c.pem' })).toThrow(ConfigError)
    expect(() => loadConfig({ SCOPS_TLS_CERT: '/c.pem' })).toThrow(/SCOPS_TLS_KEY/)
  })
})
