import { describe, expect, it } from 'vitest'
import { AlertInputs } from './alert-inputs'

describe('alert inputs', () => {
  it('turns a snapshot into alert:<name> 1/0, any firing instance wins, and a new snapshot replaces the old', () => {
    const a = new AlertInputs()
    expect(a.values()).toEqual({})
    a.apply({ alerts: [{ name: 'HostHighCpuLoad', firing: true, since: 1 }, { name: 'DiskFull', firing: false, since: 1 }, { name: 'DiskFull', firing: true, since: 2 }] })
    expect(a.values()).toEqual({ 'alert:HostHighCpuLoad': 1, 'alert:DiskFull': 1 })
    a.apply({ alerts: [{ name: 'HostHighCpuLoad', firing: false, since: 3 }] })
    expect(a.values()).toEqual({ 'alert:HostHighCpuLoad': 0 })
  })
})
