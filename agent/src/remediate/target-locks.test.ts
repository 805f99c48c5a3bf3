import { describe, expect, it } from 'vitest'
import { targetKeys, TargetLocks } from './target-locks'

const containers = [
  { name: 'web-1', labels: { app: 'web' } },
  { name: 'web-2', labels: { app: 'web' } },
  { name: 'db-1', labels: { app: 'db' } },
]

describe('target locks', () => {
  it('resolves a restart_container selector to the containers it matches now', () => {
    expect(targetKeys({ type: 'restart_container', params: { selector: { labels: { app: 'web' } } } }, containers)).toEqual(['container:web-1', 'container:web-2'])
    expect(targetKeys({ type: 'restart_container', params: { selector: { name: 'db-1' } } }, containers)).toEqual(['container:db-1'])
    // nothing matches (yet): the selector itself is the target, so two identical ones still exclude each other
    expect(targetKeys({ type: 'restart_container', params: { selector: { name: 'gone' } } }, containers)).toEqual(['selector:{"name":"gone"}'])
    expect(targetKeys({ type: 'send_alert', params: {} }, containers)).toEqual([])
    expect(targetKeys({ type: 'clear_cache', params: {} }, containers)).toEqual(['cache:page_cache'])
  })

  it('takes all keys or none, and gives them back on release', () => {
    const locks = new TargetLocks()
    const a = locks.acquire(['container:web-1', 'container:web-2'], { rule: 'A', since: 0 })
    expect(a.ok).toBe(true)
    const b = locks.acquire(['container:db-1', 'container:web-2'], { rule: 'B', since: 1 })
    expect(b).toMatchObject({ ok: false, key: 'container:web-2', holder: { rule: 'A' } })
    expect(locks.size).toBe(2) // B took nothing, not even db-1
    if (a.ok) a.release()
    expect(locks.acquire(['container:db-1', 'container:web-2'], { rule: 'B', since: 2 }).ok).toBe(true)
  })

  it('an emergency_shutdown (*) excludes every other target, both ways', () => {
    const locks = new TargetLocks()
    const svc = locks.acquire(['service:nginx'], { rule: 'S', since: 0 })
    expect(locks.acquire(['*'], { rule: 'E', since: 1 })).toMatchObject({ ok: false, holder: { rule: 'S' } })
    if (svc.ok) svc.release()
    expect(locks.acquire(['*'], { rule: 'E', since: 2 }).ok).toBe(true)
    expect(locks.acquire(['group:web'], { rule: 'G', since: 3 })).toMatchObject({ ok: false, key: '*', holder: { rule: 'E' } })
  })
})
