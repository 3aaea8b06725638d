import type { Express } from 'express';

export interface HealthState {
  ping(): Promise<boolean>;
  /** false once shutdown has begun */
  accepting(): boolean;
}

/** /healthz: the process serves. /readyz: the database answers and we are not shutting down. */
export function mountHealth(app: Express, state: HealthState) {
  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/readyz', async (_req, res) => {
    if (!state.accepting()) {
      res.status(503).json({ status: 'shutting-down' });
      return;
    }
    const db = await Promise.race([state.ping(), new Promise<boolean>((r) => setTimeout(() => r(false), 2000))]);
    res.status(db ? 200 : 503).json({ status: db ? 'ready' : 'database-unavailable' });
  });
}
