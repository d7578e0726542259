import type { Incident, IncidentState, Lifeline } from '@lifeline/core';
import type { IncidentView } from '../pages/incidents-page';
import { displayMessage } from './triage-port';

/** Incident statuses. */
export type IncidentStatus = IncidentView['status'];

/** Incidents (dead letters grouped by error fingerprint) as the admin uses them. */
export interface IncidentsPort {
  /** Incidents in these statuses, most entries first. */
  list(statuses: readonly IncidentStatus[]): Promise<IncidentView[]>;
  setStatus(fingerprint: string, status: IncidentStatus, by: string, note?: string): Promise<IncidentState>;
  mute(fingerprint: string, until: number, by: string): Promise<IncidentState>;
}

function present(incident: Incident): IncidentView {
  return {
    fingerprint: incident.errorFingerprint,
    errorName: incident.errorName,
    sampleMessage: displayMessage(incident.sampleMessage),
    status: incident.status,
    ...(incident.mutedUntil === undefined ? {} : { mutedUntil: incident.mutedUntil }),
    count: incident.count,
    firstFailedAt: incident.firstFailedAt,
    lastFailedAt: incident.lastFailedAt,
    ...(incident.state ? { updatedBy: incident.state.updatedBy, updatedAt: incident.state.updatedAt } : {}),
  };
}

/**
 * The runtime's incidents (`lifeline.incidents`). Open and acknowledged incidents are built from the
 * unresolved dead letters (open, retrying): an incident needs attention while it has any. Resolved ones
 * are looked up over every dead letter, so a fixed incident stays listed with its count.
 */
export function incidentsPort(lifeline: Lifeline): IncidentsPort {
  const incidents = lifeline.incidents;
  return {
    async list(statuses) {
      const all = statuses.includes('resolved');
      const found = await incidents.list({
        status: all ? ['open', 'retrying', 'resolved'] : ['open', 'retrying'],
        limit: 200,
      });
      return found.filter((incident) => statuses.includes(incident.status)).map(present);
    },
    setStatus(fingerprint, status, by, note) {
      const action = { by, ...(note === undefined ? {} : { note }) };
      if (status === 'acknowledged') return incidents.acknowledge(fingerprint, action);
      if (status === 'resolved') return incidents.resolve(fingerprint, action);
      return incidents.reopen(fingerprint, action);
    },
    mute: (fingerprint, until, by) => incidents.mute(fingerprint, { until, by }),
  };
}
