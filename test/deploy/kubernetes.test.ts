import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'
import { loadConfig } from '@smartcloudops/agent'
import { renderKustomization, validateK8sObject, type K8sObject } from '../support/kustomize'

// deploy/kubernetes/ rendered as kustomize would (namespace, labels, images) and every object
// validated against the Kubernetes API schemas (kubernetes-models; no cluster, no kubectl here);
// then what an operator relies on: replicas, probes, PDB and Service selectors that match the
// pods, the agent's host access, secrets that exist, a local policy the agent itself accepts.

const base = fileURLToPath(new URL('../../deploy/kubernetes', import.meta.url))
const agentVersion = (JSON.parse(readFileSync(fileURLToPath(new URL('../../agent/package.json', import.meta.url)), 'utf8')) as { version: string }).version

type Container = { name: string; image: string; ports?: Array<{ name?: string; containerPort: number }>; readinessProbe?: { httpGet?: { path: string; port: string | number } }; livenessProbe?: { httpGet?: { path: string; port: string | number } }; envFrom?: Array<{ secretRef?: { name: string } }>; env?: Array<{ name: string; value?: string; valueFrom?: { secretKeyRef?: { name: string; key: string } } }>; volumeMounts?: Array<{ name: string; mountPath: string; readOnly?: boolean }> }
type Workload = K8sObject & { spec: { replicas?: number; selector: { matchLabels: Record<string, string> }; template: { metadata: { labels: Record<string, string> }; spec: { hostPID?: boolean; containers: Container[]; volumes?: Array<{ name: string; hostPath?: { path: string }; configMap?: { name: string } }> } } } }

const matches = (selector: Record<string, string>, labels: Record<string, string>) => Object.entries(selector).every(([k, v]) => labels[k] === v)

describe('deploy/kubernetes kustomize base', () => {
  const objects = renderKustomization(base)
  const find = <T extends K8sObject>(kind: string, name: string) => {
    const o = objects.find((x) => x.kind === kind && x.metadata.name === name)
    expect(o, `${kind}/${name} in the rendered base`).toBeDefined()
    return o as T
  }
  const work = mkdtempSync(join(tmpdir(), 'scops-k8s-'))
  afterAll(() => rmSync(work, { recursive: true, force: true }))

  it('every rendered object is valid against the Kubernetes API schema, in the namespace, labelled, on the release tag', async () => {
    expect(objects.map((o) => o.kind).sort()).toEqual(['ConfigMap', 'DaemonSet', 'Deployment', 'Namespace', 'PodDisruptionBudget', 'Secret', 'Secret', 'Service'])
    for (const o of objects) await validateK8sObject(o)
    for (const o of objects) {
      if (o.kind !== 'Namespace') expect(o.metadata.namespace, `${o.kind}/${o.metadata.name}`).toBe('smartcloudops')
      expect(o.metadata.labels?.['app.kubernetes.io/part-of']).toBe('smartcloudops')
    }
    const images = objects.flatMap((o) => (o as Workload).spec?.template?.spec?.containers ?? []).map((c) => c.image)
    expect(images.sort()).toEqual([`smartcloudops/agent:${agentVersion}`, `smartcloudops/control-plane:${agentVersion}`])
  })

  it('the control plane runs >= 2 replicas with probes on a declared port, a PDB and a Service that select its pods', () => {
    const d = find<Workload>('Deployment', 'scops-control-plane')
    expect(d.spec.replicas).toBeGreaterThanOrEqual(2)
    const pods = d.spec.template.metadata.labels
    expect(matches(d.spec.selector.matchLabels, pods)).toBe(true)
    const [c] = d.spec.template.spec.containers
    const portNames = (c!.ports ?? []).map((p) => p.name)
    for (const probe of [c!.readinessProbe, c!.livenessProbe]) {
      expect(probe?.httpGet?.path).toBe('/healthz')
      expect(portNames).toContain(probe?.httpGet?.port)
    }
    const pdb = find<K8sObject & { spec: { minAvailable: number; selector: { matchLabels: Record<string, string> } } }>('PodDisruptionBudget', 'scops-control-plane')
    expect(matches(pdb.spec.selector.matchLabels, pods)).toBe(true)
    expect(pdb.spec.minAvailable).toBeLessThan(d.spec.replicas!)
    const svc = find<K8sObject & { spec: { selector: Record<string, string>; ports: Array<{ targetPort: string }> } }>('Service', 'scops-control-plane')
    expect(matches(svc.spec.selector, pods)).toBe(true)
    expect(portNames).toContain(svc.spec.ports[0]!.targetPort)
    // The database URL and admin token come from a Secret of the base, not from the manifest.
    const secret = find<K8sObject & { stringData: Record<string, string> }>('Secret', c!.envFrom![0]!.secretRef!.name)
    expect(Object.keys(secret.stringData).sort()).toEqual(['DATABASE_URL', 'SCOPS_ADMIN_TOKEN'])
  })

  it('the agent DaemonSet sees the host (hostPID, /proc and /sys read-only, SCOPS_HOST_ROOT at the /proc mount), mounts no runtime socket, and its policy is one the agent accepts', () => {
    const ds = find<Workload>('DaemonSet', 'scops-agent')
    const pod = ds.spec.template.spec
    expect(pod.hostPID).toBe(true)
    const [c] = pod.containers
    const mountOf = (hostPath: string) => {
      const vol = pod.volumes!.find((v) => v.hostPath?.path === hostPath)
      return c!.volumeMounts!.find((m) => m.name === vol?.name)
    }
    expect(mountOf('/proc')?.readOnly).toBe(true)
    expect(mountOf('/sys')?.readOnly).toBe(true)
    // The agent is told to read the node's /proc where it is mounted (host_root + /proc).
    const hostRoot = c!.env!.find((e) => e.name === 'SCOPS_HOST_ROOT')?.value
    expect(`${hostRoot}/proc`).toBe(mountOf('/proc')?.mountPath)
    expect(pod.volumes!.some((v) => /\.sock$/.test(v.hostPath?.path ?? ''))).toBe(false)
    const tokenRef = c!.env!.find((e) => e.name === 'SCOPS_ENROLLMENT_TOKEN')!.valueFrom!.secretKeyRef!
    expect(Object.keys(find<K8sObject & { stringData: Record<string, string> }>('Secret', tokenRef.name).stringData)).toContain(tokenRef.key)

    // The ConfigMap's agent.yaml, loaded by the agent's own config loader with the pod's settings.
    const cmName = pod.volumes!.find((v) => v.configMap)!.configMap!.name
    const cm = find<K8sObject & { data: Record<string, string> }>('ConfigMap', cmName)
    const file = join(work, 'agent.yaml')
    writeFileSync(file, cm.data['agent.yaml']!)
    const cfg = loadConfig(['--config', file, '--state-dir', join(work, 'state')], { SCOPS_CONTROL_PLANE_URL: 'http://scops-control-plane.smartcloudops.svc', SCOPS_ENROLLMENT_TOKEN: 'x', SCOPS_HOSTNAME: 'node-1' })
    expect(JSON.stringify(cfg.policy)).toContain('send_alert')
    expect(JSON.stringify(cfg.policy)).not.toMatch(/restart_|scale_|emergency_shutdown|clear_cache/)
  })

  it('a manifest that breaks the schema, or a kustomization field the renderer does not implement, is refused', async () => {
    const broken = join(work, 'broken')
    cpSync(base, broken, { recursive: true })
    writeFileSync(join(broken, 'control-plane-pdb.yaml'), readFileSync(join(base, 'control-plane-pdb.yaml'), 'utf8').replace('minAvailable: 1', 'minAvailable: [1]'))
    const pdb = renderKustomization(broken).find((o) => o.kind === 'PodDisruptionBudget')!
    await expect(validateK8sObject(pdb)).rejects.toThrow(/PodDisruptionBudget\/scops-control-plane: .*minAvailable/)
    writeFileSync(join(broken, 'kustomization.yaml'), `${readFileSync(join(base, 'kustomization.yaml'), 'utf8')}patches: []\n`)
    expect(() => renderKustomization(broken)).toThrow(/does not implement: patches/)
  })
})
