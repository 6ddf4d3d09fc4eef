import type { HangarEvent } from '@hangar/core';
import type { Db } from './database.js';

interface EventRow {
  id: number;
  at: number;
  type: string;
  deployment_id: string | null;
  instance_id: string | null;
  message: string;
}

export class EventsRepository {
  constructor(private readonly db: Db) {}

  append(event: Omit<HangarEvent, 'id'>): void {
    this.db
      .prepare('INSERT INTO events (at, type, deployment_id, instance_id, message) VALUES (?, ?, ?, ?, ?)')
      .run(event.at, event.type, event.deploymentId, event.instanceId, event.message);
  }

  /** Newest last; `limit` newest events. */
  list(options: { deploymentId?: string; limit: number }): HangarEvent[] {
    const rows = (
      options.deploymentId === undefined
        ? this.db.prepare('SELECT * FROM events ORDER BY id DESC LIMIT ?').all(options.limit)
        : this.db
            .prepare('SELECT * FROM events WHERE deployment_id = ? ORDER BY id DESC LIMIT ?')
            .all(options.deploymentId, options.limit)
    ) as EventRow[];
    return rows.reverse().map((row) => ({
      id: row.id,
      at: row.at,
      type: row.type,
      deploymentId: row.deployment_id,
      instanceId: row.instance_id,
      message: row.message,
    }));
  }
}
