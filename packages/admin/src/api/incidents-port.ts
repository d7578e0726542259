import type { Lifeline } from '@lifeline/core';
import type { IncidentView } from '../pages/incidents-page';

/** Incident statuses. */
export type IncidentStatus = IncidentView['status'];

/** Incidents (dead letters grouped by error fingerprint) as the admin uses them. */
export interface IncidentsPort {
  list(filter: { status?: IncidentStatus | readonly IncidentStatus[] }): Promise<IncidentView[]>;
  setStatus(fingerprint: string, status: IncidentStatus, by: string, note?: string): Promise<IncidentView>;
  mute(fingerprint: string, until: number, by: string): Promise<IncidentView>;
}

/** The runtime's incidents, or `undefined` when this runtime has none. */
export function incidentsPort(_lifeline: Lifeline): IncidentsPort | undefined {
  return undefined;
}
