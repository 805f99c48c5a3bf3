import Type from 'typebox'
import { LabelSelector } from '@smartcloudops/shared'
import { getHost, setHostLabels } from '../../db/queries/hosts'
import { Success, errorResponses, ok } from '../../http/envelope'
import { notFound } from '../../http/errors'
import { HostLabels, ref } from '../../http/schemas'
import type { App, RouteDeps } from '../../http/types'

const HostId = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) })
const Labels = Type.Object({ labels: LabelSelector }, { additionalProperties: false })

/**
 * A host's labels decide its groups, overrides, rule scopes and model: they are set here (and by
 * the enrollment token), never by the agent. What the agent reports is kept as `reported_labels`,
 * which an admin may approve.
 */
export function hostLabelRoutes(app: App, deps: RouteDeps): void {
  const db = deps.database.db
  const apply = async (hostId: string, labels: Record<string, string>) => {
    const row = await setHostLabels(db, hostId, labels)
    if (!row) throw notFound('host', hostId)
    await deps.bus.publish({ kind: 'hosts', hostIds: [hostId] })
    return ok({ host_id: row.id, labels: row.labels, reported_labels: row.reportedLabels })
  }

  app.put(
    '/hosts/:id/labels',
    {
      config: { role: 'admin' },
      schema: { tags: ['hosts'], summary: "Set a host's labels (replaces them; pushed at once)", params: HostId, body: Labels, response: { 200: Success(ref(HostLabels)), ...errorResponses } },
    },
    async (req) => {
      const before = await getHost(db, req.params.id)
      req.auditDetail = { host_id: req.params.id, before: before?.labels ?? null, labels: req.body.labels }
      return apply(req.params.id, req.body.labels)
    },
  )

  app.post(
    '/hosts/:id/labels/approve-reported',
    {
      config: { role: 'admin' },
      schema: {
        tags: ['hosts'],
        summary: 'Approve the labels the agent reported: merged over the current ones (pushed at once)',
        params: HostId,
        response: { 200: Success(ref(HostLabels)), ...errorResponses },
      },
    },
    async (req) => {
      const h = await getHost(db, req.params.id)
      if (!h || h.decommissionedAt) throw notFound('host', req.params.id)
      const labels = { ...h.labels, ...h.reportedLabels }
      req.auditDetail = { host_id: h.id, before: h.labels, labels }
      return apply(h.id, labels)
    },
  )
}
